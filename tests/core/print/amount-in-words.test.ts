// Amounts in Chinese capital numerals (大写金额), checked against the examples of the People's Bank
// of China's rules for filling in bills (《正确填写票据和结算凭证的基本规定》) and the edge cases a
// voucher meets: below one yuan, round tens, zeros in the middle, 万 and 亿, negative amounts.
import { describe, expect, it } from 'vitest';
import { amountInWords } from '#engine/core/print/amount-in-words.ts';

describe('amountInWords', () => {
  it.each([
    // the rules' own examples
    ['1409.50', '壹仟肆佰零玖元伍角整'],
    ['6007.14', '陆仟零柒元壹角肆分'],
    ['1680.32', '壹仟陆佰捌拾元零叁角贰分'],
    ['107000.53', '壹拾万柒仟元零伍角叁分'],
    ['16409.02', '壹万陆仟肆佰零玖元零贰分'],
    ['325.04', '叁佰贰拾伍元零肆分'],
    // the brief's edge cases
    ['0.05', '伍分'],
    ['100000.00', '壹拾万元整'],
    ['1000010.10', '壹佰万零壹拾元零壹角整'],
    ['10.00', '壹拾元整'],
    ['-12.30', '负壹拾贰元叁角整'],
    // more
    ['0', '零元整'],
    ['0.00', '零元整'],
    ['-0.00', '零元整'],
    ['0.50', '伍角整'],
    ['0.55', '伍角伍分'],
    ['1', '壹元整'],
    ['15', '壹拾伍元整'],
    ['101', '壹佰零壹元整'],
    ['110', '壹佰壹拾元整'],
    ['1001', '壹仟零壹元整'],
    ['10000', '壹万元整'],
    ['10001', '壹万零壹元整'],
    ['100000000', '壹亿元整'],
    ['100010000', '壹亿零壹万元整'],
    ['120000000.01', '壹亿贰仟万元零壹分'],
    ['1000000000000', '壹万亿元整'],
    ['100000001000000', '壹佰万亿零壹佰万元整'],
    ['999999999999999.99', '玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
    ['36160.00', '叁万陆仟壹佰陆拾元整'],
    ['1,234.5', '壹仟贰佰叁拾肆元伍角整'],
  ])('%s → %s', (amount, words) => {
    expect(amountInWords(amount)).toBe(words);
  });

  it('takes numbers by their decimal text, and rounds a third decimal half up', () => {
    expect(amountInWords(0.1 + 0.2)).toBe('叁角整');
    expect(amountInWords('2.345')).toBe('贰元叁角伍分');
    expect(amountInWords(1234.5)).toBe('壹仟贰佰叁拾肆元伍角整');
  });

  it('refuses what is not an amount', () => {
    expect(() => amountInWords('12a')).toThrow(TypeError);
    expect(() => amountInWords('')).toThrow(TypeError);
    expect(() => amountInWords('1e20')).toThrow(TypeError);
    expect(() => amountInWords('10000000000000000')).toThrow(RangeError);
  });
});
