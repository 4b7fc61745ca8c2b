import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import type { PlaceSuggestion, UsedPlace } from '@shared/places/places.schemas';
import type { Destination } from '@shared/trips/trips.schemas';
import { wgs84ToGcj02 } from '@shared/common/coords';
import { searchPlaces } from '../../services/places.api';
import './place-picker.css';

/**
 * Finding a place for the trip form (#14 item 1): type to search the map provider (results in GCJ-02),
 * tap a suggestion, a recent or frequent place, or the phone's position; where `allowTyped`, the typed
 * text itself can be taken as an address without coordinates. `hook` names the elements for tests.
 */
export interface PlacePickerProps {
  hook: 'origin' | 'destination';
  region: string;
  quick: Array<{ label: string; place: Destination }>;
  allowTyped: boolean;
  onPick: (place: Destination) => void;
}

const SEARCH_DELAY_MS = 300;

export function PlacePicker({ hook, region, quick, allowTyped, onPick }: PlacePickerProps) {
  const [keyword, setKeyword] = useState('');
  const [items, setItems] = useState<PlaceSuggestion[]>([]);
  const [state, setState] = useState<'idle' | 'searching' | 'done' | 'failed'>('idle');
  const latest = useRef('');

  useEffect(() => {
    const k = keyword.trim();
    latest.current = k;
    if (!k) {
      setItems([]);
      setState('idle');
      return undefined;
    }
    setState('searching');
    const timer = setTimeout(() => {
      searchPlaces(k, region)
        .then((found) => { if (latest.current === k) { setItems(found); setState('done'); } })
        .catch(() => { if (latest.current === k) { setItems([]); setState('failed'); } });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [keyword, region]);

  function pick(place: Destination): void {
    onPick(place);
    setKeyword('');
  }

  async function locate(): Promise<void> {
    try {
      // Phones and browsers give satellite (WGS-84) positions; trips keep the map's GCJ-02.
      const at = await Taro.getLocation({ type: 'wgs84' });
      const p = wgs84ToGcj02({ lat: at.latitude, lng: at.longitude });
      pick({ name: '当前位置', address: `北纬 ${p.lat.toFixed(5)}°，东经 ${p.lng.toFixed(5)}°`, ...p });
    } catch {
      void Taro.showToast({ title: '无法获取当前位置，请搜索或输入地址', icon: 'none' });
    }
  }

  const typed = keyword.trim();
  return (
    <View className={`place-picker place-picker-${hook}`}>
      <View className="place-search-row">
        <Input
          className={`place-search-input place-search-${hook}`}
          value={keyword}
          maxlength={60}
          placeholder={allowTyped ? '搜索地点，或直接输入地址' : '搜索地点'}
          placeholderClass="form-placeholder"
          onInput={(e) => setKeyword(e.detail.value)}
        />
      </View>
      {typed ? (
        <View className={`place-results place-results-${hook}`}>
          {state === 'searching' ? <Text className="place-results-note">正在搜索…</Text> : null}
          {state === 'failed' ? <Text className="place-results-note">地点搜索暂不可用{allowTyped ? '，可直接使用输入的地址' : ''}</Text> : null}
          {state === 'done' && !items.length ? <Text className="place-results-note">{region}未找到「{typed}」</Text> : null}
          {items.map((s, i) => (
            <View key={s.id || `${s.name}-${i}`} className={`place-result place-suggestion-${hook}-${i}`} onClick={() => pick({ name: s.name, address: s.address, lat: s.lat, lng: s.lng })}>
              <Text className="place-result-name">{s.name}</Text>
              {s.address ? <Text className="place-result-address">{s.address}</Text> : null}
            </View>
          ))}
          {allowTyped ? (
            <View className={`place-result place-typed place-typed-${hook}`} onClick={() => pick({ name: typed.slice(0, 100) })}>
              <Text className="place-result-name">使用输入的地址：{typed}</Text>
              <Text className="place-result-address">无坐标，司机按地址前往</Text>
            </View>
          ) : null}
        </View>
      ) : (
        <View className="choice-chips place-quick">
          {quick.map((q, i) => (
            <View key={`${q.label}-${q.place.name}`} className={`choice-chip place-quick-chip place-quick-${hook}-${i}`} onClick={() => pick(q.place)}>
              {q.label ? <Text className="place-quick-label">{q.label}</Text> : null}{q.place.name}
            </View>
          ))}
          <View className={`choice-chip place-quick-chip place-locate place-locate-${hook}`} onClick={() => void locate()}>使用当前位置</View>
        </View>
      )}
    </View>
  );
}

/** Quick picks: the unit's own address first, then frequent, then recent places not already offered. */
export function quickPlaces(start: Destination | null, frequent: UsedPlace[], recent: UsedPlace[], max = 6): Array<{ label: string; place: Destination }> {
  const out: Array<{ label: string; place: Destination }> = [];
  const seen = new Set<string>();
  const add = (label: string, p: UsedPlace | Destination) => {
    if (seen.has(p.name) || out.length >= max) return;
    seen.add(p.name);
    out.push({ label, place: { name: p.name, ...(p.address ? { address: p.address } : {}), ...(p.lat != null && p.lng != null ? { lat: p.lat, lng: p.lng } : {}) } });
  };
  if (start) add('本单位', start);
  for (const p of frequent) add('常用', p);
  for (const p of recent) add('最近', p);
  return out;
}
