// The options of a choice: each a value (what is stored) and its label in both languages, in order;
// move one up, remove one, add one.
import { useMessages } from '#designer/i18n/react.tsx';
import { Button } from '#designer/ui/index.ts';
import { IconButton } from '#designer/ui/kit/index.ts';
import { formDesignerMessages } from '../../messages.ts';
import type { OptionItem } from '../../model/types.ts';
import { bothLanguages } from './both-languages.ts';

export function OptionsEditor({
  options,
  error,
  onChange,
}: {
  options: OptionItem[];
  error: string | undefined;
  onChange(options: OptionItem[]): void;
}) {
  const t = useMessages(formDesignerMessages);
  const set = (i: number, patch: Partial<OptionItem>): void =>
    onChange(options.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  const move = (i: number, delta: number): void => {
    const copy = [...options];
    const [item] = copy.splice(i, 1);
    copy.splice(i + delta, 0, item!);
    onChange(copy);
  };
  return (
    <fieldset className={`f-options${error ? ' f-field--invalid' : ''}`}>
      <legend className="f-field__label">{t('prop.options')}</legend>
      <div className="f-options__head" aria-hidden="true">
        <span>{t('prop.optionValue')}</span>
        <span>{t('prop.optionEn')}</span>
        <span>{t('prop.optionZh')}</span>
      </div>
      <ol className="f-options__list">
        {options.map((option, i) => (
          <li key={i} className="f-options__row" data-option={i}>
            <input
              className="f-input f-mono"
              aria-label={`${t('prop.optionValue')} ${i + 1}`}
              value={option.value}
              spellCheck={false}
              autoCapitalize="off"
              onChange={(e) => set(i, { value: e.target.value })}
            />
            <input
              className="f-input"
              aria-label={`${t('prop.optionEn')} ${i + 1}`}
              value={option.label.en}
              onChange={(e) => set(i, { label: { ...option.label, en: e.target.value } })}
            />
            <input
              className="f-input"
              lang="zh-CN"
              aria-label={`${t('prop.optionZh')} ${i + 1}`}
              value={option.label['zh-CN']}
              onChange={(e) => set(i, { label: { ...option.label, 'zh-CN': e.target.value } })}
            />
            <span className="f-options__tools">
              <IconButton
                icon="up"
                size={16}
                label={`${t('moveUp')} ${i + 1}`}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              />
              <IconButton
                icon="close"
                size={16}
                danger
                label={t('prop.removeOption', { n: i + 1 })}
                onClick={() => onChange(options.filter((_, j) => j !== i))}
              />
            </span>
          </li>
        ))}
      </ol>
      {error && <p className="f-field__error">{error}</p>}
      <Button
        variant="ghost"
        icon="plus"
        onClick={() => {
          const n = options.length + 1;
          let value = `option${n}`;
          for (let k = n; options.some((o) => o.value === value); k++) value = `option${k + 1}`;
          onChange([...options, { value, label: bothLanguages('prop.newOption', { n }) }]);
        }}
      >
        {t('prop.addOption')}
      </Button>
    </fieldset>
  );
}
