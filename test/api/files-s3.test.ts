import { createHash } from 'node:crypto';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { S3RVER_KEY, startS3 } from '../support/s3.js';
import { type Auth, hazardClient, myOrganisation, PNG } from './hazards.support.js';

let s3: Awaited<ReturnType<typeof startS3>>;
let app: TestApp;
let api: ReturnType<typeof hazardClient>;
let safety: Auth;
let officer: Auth;

beforeAll(async () => {
  s3 = await startS3('gongzhi-evidence');
  app = await startTestApp({
    demo: true,
    env: {
      FILE_STORE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: S3RVER_KEY.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3RVER_KEY.secretAccessKey,
    },
  });
  api = hazardClient(app);
  safety = await app.signIn('safety');
  officer = await app.signIn('officer');
});
afterAll(async () => {
  await app?.close();
  await s3?.close();
});

describe('evidence in an S3-compatible bucket (FILE_STORE=s3)', () => {
  it('a hazard photo is uploaded to the bucket under its hash and downloaded from it', async () => {
    const enterprise = await myOrganisation(app, safety);
    const id = (await api.post(safety, '/api/v1/hazards', { enterpriseId: enterprise.id, title: '消防通道堵塞', description: '' })).json()
      .id;
    const bytes = PNG();
    const res = await api.upload(safety, id, 'before', { name: '通道.png', type: 'image/png', bytes });
    expect(res.statusCode).toBe(201);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(res.json().sha256).toBe(sha256);

    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_KEY });
    const head = await client.send(
      new HeadObjectCommand({ Bucket: s3.bucket, Key: `files/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}` }),
    );
    expect(head.ContentLength).toBe(bytes.length);
    client.destroy();

    const dl = await api.get(officer, res.json().url);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(dl.rawPayload, bytes)).toBe(0);
  });
});
