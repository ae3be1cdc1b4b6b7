import { Card, Collapse, Image, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAnswerText } from './AnswerInput';
import { legalBasisText } from './ChecklistParts';
import type { InspectionDetail } from './inspections.types';
import { outcomeColours, useInspectionLabels } from './labels';
import { photosByItem } from './run';

/** Every item with its answer, outcome, note and photos, read-only: a finished inspection, or one watched by someone who does not run it. */
export function AnswersList({ inspection }: { inspection: InspectionDetail }) {
  const { t } = useTranslation();
  const labels = useInspectionLabels();
  const answerText = useAnswerText();
  const answers = new Map(inspection.answers.map((a) => [a.itemKey, a]));
  const photos = photosByItem(inspection.photos);
  return (
    <Card size="small" title={t('inspections.run.sections')} data-testid="answers-list" styles={{ body: { padding: 0 } }}>
      <Collapse
        ghost
        defaultActiveKey={inspection.content.sections.map((s) => s.key)}
        items={inspection.content.sections.map((section, si) => ({
          key: section.key,
          label: `${si + 1}. ${section.title}`,
          children: (
            <List
              size="small"
              dataSource={section.items}
              rowKey="key"
              renderItem={(item, ii) => {
                const answer = answers.get(item.key);
                const outcome = answer?.outcome ?? 'unanswered';
                const basis = legalBasisText(item);
                const itemPhotos = photos.get(item.key) ?? [];
                return (
                  <List.Item data-testid={`answer-row-${item.key}`} data-outcome={outcome}>
                    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                      <Typography.Text>
                        <Typography.Text type="secondary">
                          {si + 1}.{ii + 1}{' '}
                        </Typography.Text>
                        {item.label}
                      </Typography.Text>
                      <Space size={[4, 4]} wrap>
                        <Tag color={outcomeColours[outcome]} style={{ marginInlineEnd: 0 }}>
                          {labels.outcome(outcome)}
                        </Tag>
                        {item.type !== 'photo' && answer && <Typography.Text>{answerText(item, answer)}</Typography.Text>}
                        {item.major && (
                          <Tag color="red" style={{ marginInlineEnd: 0 }}>
                            {t('inspections.checklist.major')}
                          </Tag>
                        )}
                        {answer?.fixedOnSpot && <Tag color="green">{t('inspections.run.fixedOnSpot')}</Tag>}
                        {answer?.review?.decision === 'overridden' && (
                          <Tag color="purple">
                            {t('inspections.review.overridden', { answer: answerText(item, answer.review.questionnaire) })}
                          </Tag>
                        )}
                      </Space>
                      {answer?.note && <Typography.Text type="secondary">{answer.note}</Typography.Text>}
                      {basis && (
                        <Typography.Text type="secondary" className="gz-legal-basis">
                          {t('inspections.checklist.legalBasis')}：{basis}
                        </Typography.Text>
                      )}
                      {itemPhotos.length > 0 && (
                        <Image.PreviewGroup>
                          <Space size={6} wrap>
                            {itemPhotos.map((p) => (
                              <Image
                                key={p.id}
                                src={p.url}
                                alt={p.name}
                                width={56}
                                height={56}
                                style={{ objectFit: 'cover', borderRadius: 4 }}
                              />
                            ))}
                          </Space>
                        </Image.PreviewGroup>
                      )}
                    </Space>
                  </List.Item>
                );
              }}
            />
          ),
        }))}
      />
    </Card>
  );
}
