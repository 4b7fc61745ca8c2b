import { View, Text } from '@tarojs/components';
import './work.css';

export interface TimelineEntry { at: string; title: string; who: string; note?: string }

/** Newest first; times already formatted by the caller. */
export function Timeline({ entries, hook }: { entries: TimelineEntry[]; hook: string }) {
  return (
    <View className={`timeline ${hook}`}>
      {entries.map((e, i) => (
        <View key={`${e.at}-${i}`} className={`timeline-item${i === 0 ? ' is-latest' : ''}`}>
          <View className="timeline-dot" />
          <View className="timeline-body">
            <View className="timeline-head">
              <Text className="timeline-title">{e.title}</Text>
              <Text className="timeline-at">{e.at}</Text>
            </View>
            <Text className="timeline-who">{e.who}</Text>
            {e.note ? <Text className="timeline-note">{e.note}</Text> : null}
          </View>
        </View>
      ))}
    </View>
  );
}
