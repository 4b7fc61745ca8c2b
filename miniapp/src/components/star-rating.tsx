import { View } from '@tarojs/components';
import './work.css';

/** 1–5 stars; each star is `star-<n>` for tests. */
export function StarRating({ value, onChange }: { value: number; onChange?: (v: number) => void }) {
  return (
    <View className="star-rating">
      {[1, 2, 3, 4, 5].map((n) => (
        <View key={n} className={`star star-${n}${n <= value ? ' is-on' : ''}`} onClick={() => onChange?.(n)}>★</View>
      ))}
    </View>
  );
}
