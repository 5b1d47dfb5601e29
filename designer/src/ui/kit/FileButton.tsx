// A button that opens the file picker: the <input type="file"> itself is hidden (it cannot be
// styled as a button) and out of the tab order, the button stands for it. The chosen file is
// handed over and the input cleared, so choosing the same file again is reported again.
import { useRef, type ReactNode } from 'react';
import { Button, type ButtonProps } from '../Button.tsx';

export function FileButton({
  accept,
  onFile,
  children,
  ...button
}: Omit<ButtonProps, 'onClick' | 'type'> & {
  /** What the picker offers, as the input's `accept` ("`.dmn,application/xml`"). */
  accept: string;
  onFile(file: File): void;
  children: ReactNode;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={accept}
        className="f-visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
      <Button {...button} onClick={() => input.current?.click()}>
        {children}
      </Button>
    </>
  );
}
