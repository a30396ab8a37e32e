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

/// Text such as "12.5" (commas allowed as thousands separators) in smallest units.
export function parseUnits(text, decimals) {
  const clean = String(text).trim().replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(clean)) throw new Error(`'${text}' is not an amount`);
  const [whole, fraction = ''] = clean.split('.');
  if (fraction.length > decimals) throw new Error(`'${text}' has more than ${decimals} decimals`);
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}
