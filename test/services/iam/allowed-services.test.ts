import { describe, expect, it } from 'vitest';
import { allowedNamespaces } from '../../../src/services/iam/allowed-services.js';

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('allowedNamespaces', () => {
  it.each([
    [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), ['s3']],
    [doc({ Effect: 'Allow', Action: ['IAM:Get*', 'sts:*'], Resource: '*' }), ['iam', 'sts']],
    [doc({ Effect: 'Allow', Action: '*', Resource: '*' }), ['cloudtrail', 'iam', 'sts']],
    [doc({ Effect: 'Allow', Action: 'i*:List*', Resource: '*' }), ['iam']],
    [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), ['cloudtrail', 'iam', 'sts']],
    [doc({ Effect: 'Deny', Action: '*', Resource: '*' }), []],
    [JSON.stringify({ Statement: { Effect: 'Allow', Action: 'ec2:*', Resource: '*' } }), ['ec2']],
    ['not json', []],
  ])('%s -> %j', (document, expected) => {
    expect([...allowedNamespaces(document)].sort()).toEqual(expected);
  });
});
