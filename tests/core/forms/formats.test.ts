import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import {
  addFormaVocabulary,
  formaFormats,
  isCnIdCard,
  isCnMobile,
  isFileRef,
  isIban,
  isIsoDate,
  isMoney,
  isPercentage,
  isUnifiedSocialCreditCode,
} from '#engine/core/forms/formats.ts';
import { compareDecimal, normalizeMoney, roundDecimal } from '#engine/core/forms/decimal.ts';

describe('custom formats', () => {
  it.each([
    ['1234.50', true],
    ['0', true],
    ['-20', true],
    ['12.5', true],
    ['999999999999999.99', true],
    ['12.345', false],
    ['01', false],
    ['1e3', false],
    ['1,234.50', false],
    [' 12', false],
    ['', false],
  ])('money %j → %s', (value, ok) => expect(isMoney(value)).toBe(ok));

  it.each([
    ['0', true],
    ['13', true],
    ['6.5', true],
    ['100', true],
    ['100.01', false],
    ['-1', false],
    ['12.345', false],
  ])('percentage %j → %s', (value, ok) => expect(isPercentage(value)).toBe(ok));

  it.each([
    ['13812345678', true],
    ['19912345678', true],
    ['12812345678', false],
    ['1381234567', false],
    ['+8613812345678', false],
  ])('cn-mobile %j → %s', (value, ok) => expect(isCnMobile(value)).toBe(ok));

  it('unified social credit code: published examples pass, a changed character fails the checksum', () => {
    expect(isUnifiedSocialCreditCode('91350100M000100Y43')).toBe(true);
    expect(isUnifiedSocialCreditCode('91110000802100433B')).toBe(true);
    expect(isUnifiedSocialCreditCode('91350100M000100Y44')).toBe(false);
    expect(isUnifiedSocialCreditCode('91350100M000100Y4')).toBe(false);
    // I, O, Z, S and V are not in the code's alphabet.
    expect(isUnifiedSocialCreditCode('91350100M000100I43')).toBe(false);
  });

  it('ID card number: the GB 11643 example passes; checksum, birth date and length are checked', () => {
    expect(isCnIdCard('11010519491231002X')).toBe(true);
    expect(isCnIdCard('11010519491231002x')).toBe(true);
    expect(isCnIdCard('110105194912310021')).toBe(false);
    expect(isCnIdCard('110105194902300025')).toBe(false); // 30 February
    expect(isCnIdCard('11010519491231002')).toBe(false);
  });

  it('IBAN-style account: mod-97 check, groups of four with spaces accepted', () => {
    expect(isIban('GB82WEST12345698765432')).toBe(true);
    expect(isIban('DE89370400440532013000')).toBe(true);
    expect(isIban('gb82 west 1234 5698 7654 32')).toBe(true);
    expect(isIban('GB83WEST12345698765432')).toBe(false);
    expect(isIban('GB82')).toBe(false);
  });

  it('ISO date: real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-5')).toBe(false);
    expect(isIsoDate('2026-01-05T00:00:00Z')).toBe(false);
  });

  it('file reference', () => {
    expect(isFileRef('file:3f2a-x_9')).toBe(true);
    expect(isFileRef('https://example.com/a.pdf')).toBe(false);
    expect(isFileRef('file:')).toBe(false);
  });

  it('plug into a plain ajv (as rjsf does) and validate alike', () => {
    const ajv = addFormaVocabulary(new Ajv2020({ allErrors: true }));
    const validate = ajv.compile({
      type: 'object',
      properties: {
        phone: { type: 'string', format: 'cn-mobile' },
        amount: { type: 'string', format: 'money', minimumAmount: '0.01', maximumAmount: '5000' },
      },
    });
    expect(validate({ phone: '13812345678', amount: '5000.00' })).toBe(true);
    expect(validate({ phone: '123', amount: '5000.01' })).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toEqual([
      ['/phone', 'format'],
      ['/amount', 'maximumAmount'],
    ]);
    expect(validate({ amount: '0.00' })).toBe(false);
    expect(validate.errors?.[0]?.params).toEqual({ limit: '0.01' });
    expect(Object.keys(formaFormats)).toContain('cn-uscc');
  });
});

describe('decimal arithmetic', () => {
  it('normalises money to two places and never shows -0', () => {
    expect(normalizeMoney('12.5')).toBe('12.50');
    expect(normalizeMoney('-0')).toBe('0.00');
    expect(normalizeMoney('1234')).toBe('1234.00');
  });

  it('rounds half up from floats and strings without float error', () => {
    expect(roundDecimal(0.1 + 0.2)).toBe('0.30');
    expect(roundDecimal('2.675')).toBe('2.68'); // 2.675 as a float would round down
    expect(roundDecimal(1.005)).toBe('1.01');
    expect(roundDecimal(-1.005)).toBe('-1.01');
    expect(roundDecimal(-0.001)).toBe('0.00');
    expect(() => roundDecimal(Number.NaN)).toThrow(RangeError);
  });

  it('compares decimals exactly', () => {
    expect(compareDecimal('900.00', '1234.50')).toBe(-1);
    expect(compareDecimal('0.30', 0.3)).toBe(0);
  });
});
