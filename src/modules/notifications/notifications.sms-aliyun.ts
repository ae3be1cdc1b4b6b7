/**
 * SMS through Alibaba Cloud Short Message Service: the `SendSms` action of the dysmsapi RPC API, version
 * 2017-05-25, signed with the RPC signature (version 1.0, HMAC-SHA1), written against the published description
 * with node:crypto and fetch alone.
 *
 * Chinese SMS must use a template approved in advance: the configured template receives the notification's title
 * and text as the variables `title` and `content`.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { addressesOf, type ContactResolver, type OutboundAdapter, UndeliverableError } from './notifications.adapters.js';

/**
 * RFC 3986 percent-encoding as the signature wants it: only A-Z a-z 0-9 - _ . ~ stay as they are; every other
 * UTF-8 byte becomes %XY with upper-case hex (so a space is %20, never +, and * is %2A).
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonical query: every parameter but Signature, sorted by name (code-unit order), name=value, joined by &. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] as string)}`)
    .join('&');
}

/** `METHOD&%2F&percentEncode(canonical query)`. */
export function stringToSign(method: 'GET' | 'POST', params: Readonly<Record<string, string>>): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

/** Base64 of HMAC-SHA1 over the string to sign, keyed by the AccessKey secret followed by `&`. */
export function rpcSignature(method: 'GET' | 'POST', params: Readonly<Record<string, string>>, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign(method, params), 'utf8').digest('base64');
}

/** ISO 8601 in UTC to the second, as the API's Timestamp parameter requires (`2026-12-07T08:00:00Z`). */
const timestamp = (at: Date) => `${at.toISOString().slice(0, 19)}Z`;

export interface AliyunSmsOptions {
  /** `https://dysmsapi.aliyuncs.com` unless another access point is configured. */
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  contacts: ContactResolver;
  /** For tests of the request; the current time and a random UUID otherwise. */
  now?: () => Date;
  nonce?: () => string;
  timeoutMs?: number;
}

interface SendSmsAnswer {
  Code?: string;
  Message?: string;
  BizId?: string;
  RequestId?: string;
}

/** Codes that no retry will cure: a bad number, or a signature/template the account may not use. */
const PERMANENT = new Set([
  'isv.MOBILE_NUMBER_ILLEGAL',
  'isv.SMS_SIGNATURE_ILLEGAL',
  'isv.SMS_TEMPLATE_ILLEGAL',
  'isv.TEMPLATE_MISSING_PARAMETERS',
]);

export function aliyunSmsAdapter(options: AliyunSmsOptions): OutboundAdapter {
  const now = options.now ?? (() => new Date());
  const nonce = options.nonce ?? randomUUID;
  return {
    name: 'aliyun-sms',
    async send(message) {
      const phones = await addressesOf(options.contacts, message);
      const params: Record<string, string> = {
        AccessKeyId: options.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        RegionId: 'cn-hangzhou',
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: nonce(),
        SignatureVersion: '1.0',
        Timestamp: timestamp(now()),
        Version: '2017-05-25',
        // At most 1,000 numbers per request; an organisation's people are far fewer.
        PhoneNumbers: phones.join(','),
        SignName: options.signName,
        TemplateCode: options.templateCode,
        TemplateParam: JSON.stringify({ title: message.subject, content: message.body }),
        // Our outbox id, returned in delivery receipts.
        OutId: message.id,
      };
      const query = `${canonicalQuery(params)}&Signature=${percentEncode(rpcSignature('GET', params, options.accessKeySecret))}`;
      const url = `${options.endpoint.replace(/\/+$/, '')}/?${query}`;
      const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      const text = await res.text();
      let answer: SendSmsAnswer;
      try {
        answer = JSON.parse(text) as SendSmsAnswer;
      } catch {
        throw new Error(`aliyun SendSms: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
      }
      if (answer.Code === 'OK') return;
      const reason = `aliyun SendSms ${answer.Code ?? `HTTP ${res.status}`}: ${answer.Message ?? ''} (RequestId ${answer.RequestId ?? '-'})`;
      throw answer.Code && PERMANENT.has(answer.Code) ? new UndeliverableError(reason) : new Error(reason);
    },
  };
}
