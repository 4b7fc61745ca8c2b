/** Money is integer fen everywhere; yuan appear only at the display edge. */
export type Fen = number;

export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function yuanToFen(yuan: number): Fen {
  return Math.round(yuan * 100);
}
