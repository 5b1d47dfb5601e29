// An amount of money in Chinese capital numerals (大写金额), as cheques, vouchers and expense
// claims print it next to the figures so that nobody can alter them (pure).
//
// The rules, from the People's Bank of China's 《支付结算办法》 (1997), annex 《正确填写票据和结算凭证的
// 基本规定》, and the Ministry of Finance's 《会计基础工作规范》 (1996, art. 52):
//   - digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿, currency units 元角分;
//   - an amount that ends at 元 (no 角 and 分) is followed by 整; so is one that ends at 角 (the rules
//     allow it and it leaves no room to add a 分); one with 分 is not;
//   - zeros inside the figures are written as one 零, however many there are; a zero in the 元 place
//     followed by 角 is written 零 too (¥1,680.32 壹仟陆佰捌拾元零叁角贰分), and a zero 角 before a 分
//     must be (¥325.04 叁佰贰拾伍元零肆分);
//   - a number starting in the tens place keeps its 壹 (¥10.00 壹拾元整, not 拾元整);
//   - below one yuan there is no 零元 in front (¥0.05 伍分).
// A negative amount is preceded by 负. Amounts are decimal strings (or numbers) with at most two
// decimals — never binary floats: more decimals are rounded half up with big.js.
import Big from 'big.js';

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const PLACES = ['仟', '佰', '拾', ''] as const;
const WAN = new Big(10_000);
const YI = new Big(100_000_000);

/** A whole number below 10 000 in capitals ('' for 0): internal zeros as one 零, trailing ones dropped. */
function belowTenThousand(n: number): string {
  const digits = String(n).padStart(4, '0');
  let out = '';
  let zero = false;
  for (let i = 0; i < 4; i++) {
    const d = Number(digits[i]);
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d]! + PLACES[i]!;
  }
  return out;
}

/** A whole number in capitals, grouped by 万 and 亿 ('' for 0). */
function whole(n: Big): string {
  if (n.gte(YI)) {
    const high = n.div(YI).round(0, Big.roundDown);
    const low = n.minus(high.times(YI));
    return whole(high) + '亿' + (low.eq(0) ? '' : (low.lt(10_000_000) ? '零' : '') + whole(low));
  }
  if (n.gte(WAN)) {
    const high = n.div(WAN).round(0, Big.roundDown);
    const low = n.minus(high.times(WAN));
    return (
      belowTenThousand(high.toNumber()) +
      '万' +
      (low.eq(0) ? '' : (low.lt(1000) ? '零' : '') + belowTenThousand(low.toNumber()))
    );
  }
  return belowTenThousand(n.toNumber());
}

/** The amount in capital numerals, e.g. "1234.50" → 壹仟贰佰叁拾肆元伍角整. Throws on a non-number. */
export function amountInWords(amount: string | number): string {
  const text = typeof amount === 'number' ? String(amount) : amount.trim().replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new TypeError(`"${String(amount)}" is not an amount`);
  const value = new Big(text).round(2, Big.roundHalfUp);
  const negative = value.lt(0);
  const abs = value.abs();
  if (abs.gte(new Big('1e16'))) throw new RangeError(`${text} is too large to write out`);
  const yuan = abs.round(0, Big.roundDown);
  const cents = abs.minus(yuan).times(100).toNumber();
  const jiao = Math.floor(cents / 10);
  const fen = cents % 10;
  let out: string;
  if (yuan.eq(0)) {
    if (jiao === 0 && fen === 0) return '零元整';
    out = (jiao ? DIGITS[jiao] + '角' : '') + (fen ? DIGITS[fen] + '分' : '整');
  } else {
    out = whole(yuan) + '元';
    const endsInZero = yuan.mod(10).eq(0);
    if (jiao === 0 && fen === 0) out += '整';
    else if (jiao === 0) out += '零' + DIGITS[fen] + '分';
    else out += (endsInZero ? '零' : '') + DIGITS[jiao] + '角' + (fen ? DIGITS[fen] + '分' : '整');
  }
  return (negative ? '负' : '') + out;
}
