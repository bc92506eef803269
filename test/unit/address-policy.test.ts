import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AddressPolicy } from '../../src/process/address-policy';

const REFUSED = [
  '127.0.0.1', '127.255.255.254', // loopback 127/8
  '10.0.0.1', '10.255.255.255', // 10/8
  '172.16.0.1', '172.31.255.255', // 172.16/12
  '192.168.0.1', '192.168.255.255', // 192.168/16
  '169.254.169.254', '169.254.0.1', // link-local, cloud metadata
  '100.64.0.1', '100.127.255.255', // carrier-grade NAT 100.64/10
  '0.0.0.0', '0.1.2.3', // 0/8
  '255.255.255.255', '224.0.0.1', // broadcast, multicast
  '::1', '::', // IPv6 loopback, unspecified
  'fc00::1', 'fd12:3456::1', // unique local fc00::/7
  'fe80::1', 'febf::1', // link-local fe80::/10
  '::ffff:127.0.0.1', '::ffff:10.1.2.3', '::ffff:169.254.169.254', // IPv4-mapped IPv6
];
const PUBLIC = ['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'];

describe('the address policy of URL downloads', () => {
  const policy = new AddressPolicy();

  for (const address of REFUSED) {
    test(`refuses ${address}`, () => {
      assert.match(policy.refusal(address) ?? '', new RegExp(`^${address.replace(/[.]/g, '\\.')} is a \\w+ address$`));
    });
  }

  test('lets public addresses through', () => {
    for (const address of PUBLIC) assert.equal(policy.refusal(address), undefined, address);
  });

  test('an allowed range opens only itself', () => {
    const allowing = new AddressPolicy(['127.0.0.0/8', 'fd00::/8']);
    assert.equal(allowing.refusal('127.0.0.1'), undefined);
    assert.equal(allowing.refusal('::ffff:127.0.0.1'), undefined);
    assert.equal(allowing.refusal('fd00::5'), undefined);
    assert.ok(allowing.refusal('10.0.0.1'));
    assert.ok(allowing.refusal('::1'));
  });

  test('refuses what is not an address', () => {
    assert.match(policy.refusal('localhost') ?? '', /not an IP address/);
  });
});
