import { CameraOutlined } from '@ant-design/icons';
import { Button, Image, Progress, Space, Typography } from 'antd';
import { type ChangeEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { ProblemAlert } from '../../app/problem';

export interface ShownPhoto {
  /** A stable key (the file's hash or id). */
  key: string;
  /** Where the browser fetches the image (same origin, behind the session). */
  url: string;
  name: string;
}

/**
 * Photos of one checklist item: the camera opens straight away on a phone
 * (`capture=environment` asks for the back camera; a desktop browser offers a
 * file instead). Each file goes up as soon as it is chosen, one at a time.
 */
export function PhotoCapture({
  photos,
  onUpload,
  disabled = false,
  testId,
}: {
  photos: readonly ShownPhoto[];
  onUpload: (file: File, onProgress: (sent: number, total: number) => void) => Promise<void>;
  disabled?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const onFiles = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    setProblem(null);
    for (const file of files) {
      setProgress(0);
      try {
        await onUpload(file, (sent, total) => setProgress(total > 0 ? Math.round((sent / total) * 100) : 0));
      } catch (error) {
        if (!isApiProblem(error)) throw error;
        setProblem(error);
        break;
      } finally {
        setProgress(null);
      }
    }
  };

  return (
    <div className="gz-photos" data-testid={testId} data-count={photos.length}>
      {photos.length > 0 && (
        <Image.PreviewGroup>
          <Space size={8} wrap>
            {photos.map((photo) => (
              <Image
                key={photo.key}
                src={photo.url}
                alt={photo.name}
                width={72}
                height={72}
                style={{ objectFit: 'cover', borderRadius: 6 }}
                data-testid={`${testId}-photo`}
              />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        hidden
        onChange={onFiles}
        data-testid={`${testId}-input`}
        aria-label={t('inspections.photo.take')}
      />
      <Space size={8} align="center">
        <Button
          icon={<CameraOutlined />}
          onClick={() => input.current?.click()}
          disabled={disabled || progress !== null}
          data-testid={`${testId}-take`}
        >
          {t('inspections.photo.take')}
        </Button>
        {progress !== null && <Progress type="circle" percent={progress} size={28} />}
        {photos.length > 0 && <Typography.Text type="secondary">{t('inspections.photo.count', { count: photos.length })}</Typography.Text>}
      </Space>
      {problem && <ProblemAlert problem={problem} testId={`${testId}-problem`} />}
    </div>
  );
}
