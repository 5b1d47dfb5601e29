// The forms of every module with their status and versions; a new form starts here.
import { useState } from 'react';
import { api, type ReplyOf } from '#designer/api/client.ts';
import { useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { navigate } from '#designer/shell/router.tsx';
import { Button, EmptyState, Page, useFormat, useLoad } from '#designer/ui/index.ts';
import { Badge, LinkList, LinkListItem, LoadState } from '#designer/ui/kit/index.ts';
import { CreateForm } from './CreateForm.tsx';
import { FormStatusBadge } from './FormStatusBadge.tsx';
import { formDesignerMessages } from './messages.ts';

type Summary = ReplyOf<'/api/forms', 'get'>['items'][number];

/** The forms grouped by module, the modules in alphabetical order. */
function byModule(forms: Summary[]): [string, Summary[]][] {
  const by = new Map<string, Summary[]>();
  for (const f of forms) by.set(f.module, [...(by.get(f.module) ?? []), f]);
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export default function FormsPage() {
  const t = useMessages(formDesignerMessages);
  const localized = useLocalized();
  const format = useFormat();
  const forms = useLoad(async () => (await api.get('/api/forms')).items);
  const [creating, setCreating] = useState(false);
  const modules = byModule(forms.data ?? []);

  return (
    <Page
      title={t('title')}
      intro={t('intro')}
      actions={
        !creating && (
          <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
            {t('newForm')}
          </Button>
        )
      }
    >
      {creating && (
        <CreateForm
          modules={modules.map(([m]) => m)}
          onCancel={() => setCreating(false)}
          onCreated={(id) => navigate(`/design/forms/${encodeURIComponent(id)}`)}
        />
      )}
      <LoadState state={forms} failed={t('loadFailed')}>
        {(items) =>
          items.length === 0 ? (
            !creating && (
              <EmptyState icon="forms" title={t('emptyTitle')}>
                {t('emptyText')}
              </EmptyState>
            )
          ) : (
            <>
              {byModule(items).map(([module, list]) => (
                <LinkList
                  key={module}
                  heading={t('moduleHeading', { module })}
                  headingId={`module-${module}`}
                >
                  {list.map((form) => (
                    <LinkListItem
                      key={form.id}
                      to={`/design/forms/${encodeURIComponent(form.id)}`}
                      aria-label={t('open', { name: localized(form.name) })}
                      data-form={form.id}
                      icon="forms"
                      name={localized(form.name)}
                      facts={
                        <>
                          <code>{form.id}</code>
                          {form.updatedAt && (
                            <span>{t('updated', { when: format.dateTime(form.updatedAt) })}</span>
                          )}
                        </>
                      }
                      badges={
                        <>
                          <FormStatusBadge status={form.status} />
                          <span>
                            {form.latestVersion > 0
                              ? t('version', { n: form.latestVersion })
                              : t('noVersion')}
                          </span>
                          {form.hasUnpublishedChanges && form.latestVersion > 0 && (
                            <Badge tone="warning">{t('unpublished')}</Badge>
                          )}
                        </>
                      }
                    />
                  ))}
                </LinkList>
              ))}
            </>
          )
        }
      </LoadState>
    </Page>
  );
}
