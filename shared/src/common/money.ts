/** Money is integer fen everywhere; yuan appear only at the display edge, as `¥1,234.50`. */
export type Fen = number;

export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

export function yuanToFen(yuan: number): Fen {
  return Math.round(yuan * 100);
}
