// The kit of the lazy pages (admin console, portal pages, form designer, flow modeler): dialogs,
// fields, badges, tables, tabs and the page pieces every feature lays itself out with. Each piece
// brings its own CSS. It is kept apart from ../index.ts, the app shell's first load, so that its
// CSS and code are downloaded with the first page that uses them and never before
// (docs/decisions/0003-ui-components.md).
export { ActionDialog, ConfirmDialog, type ActionDialogProps } from './ActionDialog.tsx';
export { Badge, Badges, type BadgeTone } from './Badge.tsx';
export { DataTable, RowActions, TableFrame, type Column } from './DataTable.tsx';
export { Dialog, type DialogProps, type DialogSize } from './Dialog.tsx';
export { EditorIntro } from './EditorIntro.tsx';
export { useDebouncedCheck, useSaveShortcut, useUnsavedWarning } from './editor-hooks.ts';
export { ErrorBox, LoadState } from './ErrorBox.tsx';
export { Chip, Chips, RemoveButton } from './Chip.tsx';
export { CheckField, Checkbox, ChoiceField, SelectField, TextAreaField, type Option } from './fields.tsx';
export { FileButton } from './FileButton.tsx';
export { FormCard, FormGrid } from './FormCard.tsx';
export { IconButton } from './IconButton.tsx';
export { LinkList, LinkListItem } from './LinkList.tsx';
export {
  EMPTY_TEXT,
  errorsAt,
  LocalizedTextField,
  trimText,
  type LocalizedErrors,
  type LocalizedText,
} from './LocalizedTextField.tsx';
export { JsonBlock, Section, Toolbar } from './Section.tsx';
export { Segmented, TabPanel, Tabs, type TabItem } from './Tabs.tsx';
export { useSubmit } from './use-submit.ts';
