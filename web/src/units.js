// Amounts as decimal text and back: exact, with BigInt (a u128 does not fit a Number).

/// `value` (smallest units) as text with `decimals` decimals, trailing zeros dropped.
export function formatUnits(value, decimals) {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  const fraction = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole.toLocaleString('en-US')}${fraction ? `.${fraction}` : ''}`;
}

/// Whether `text` is a u32 in decimal (ITO, asset and work item ids, chain block counts).
export function isU32(text) {
  return /^\d{1,10}$/.test(text) && Number(text) <= 0xffffffff;
}

/// Text such as "12.5" or "1,000.5" in smallest units. A comma only separates thousands
/// ("1,5" is refused, not read as 15).
export function parseUnits(text, decimals) {
  const trimmed = String(text).trim();
  if (!/^(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/.test(trimmed)) throw new Error(`'${text}' is not an amount (a point for decimals, commas only between thousands)`);
  const clean = trimmed.replace(/,/g, '');
  const [whole, fraction = ''] = clean.split('.');
  if (fraction.length > decimals) throw new Error(`'${text}' has more than ${decimals} decimals`);
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}
