import { describe, expect, it } from 'vitest';
import { canonicalQuery, percentEncode, rpcSignature, stringToSign } from './notifications.sms-aliyun.js';

describe('the Alibaba Cloud RPC signature', () => {
  // The worked example of Alibaba Cloud's "signature mechanism" page: DescribeRegions with AccessKey testid/testsecret.
  const example = {
    TimeStamp: '2016-02-23T12:46:24Z',
    Format: 'XML',
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    Version: '2014-05-26',
    SignatureVersion: '1.0',
  };

  it('builds the documented string to sign and signature of the worked example', () => {
    expect(stringToSign('GET', example)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1' +
        '%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0' +
        '%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(rpcSignature('GET', example, 'testsecret')).toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
  });

  it('a different secret, method or parameter gives a different signature', () => {
    expect(rpcSignature('GET', example, 'testsecreT')).not.toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
    expect(rpcSignature('POST', example, 'testsecret')).not.toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
    expect(rpcSignature('GET', { ...example, Format: 'JSON' }, 'testsecret')).not.toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
  });

  it('percent-encodes as RFC 3986: space as %20, * and other reserved characters encoded, ~ kept, UTF-8 in upper-case hex', () => {
    expect(percentEncode('a b*c~d+e/f')).toBe('a%20b%2Ac~d%2Be%2Ff');
    expect(percentEncode("!'()")).toBe('%21%27%28%29');
    expect(percentEncode('共治')).toBe('%E5%85%B1%E6%B2%BB');
  });

  it('sorts parameters by name, upper case before lower case, and leaves Signature out', () => {
    expect(canonicalQuery({ b: '2', A: '1', a: '3', Signature: 'x' })).toBe('A=1&a=3&b=2');
  });
});
