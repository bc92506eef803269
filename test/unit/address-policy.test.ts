import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AddressPolicy, writtenHost } from '../../src/process/address-policy';

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
      assert.match(policy.refusal(address) ?? '', /^(a|an|the) [a-zA-Z0-9 -]+ address( \(this machine\))?$/, 'words that follow "is", never a library name');
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

  test('names each kind in words', () => {
    assert.equal(policy.refusal('127.0.0.1'), 'a loopback address (this machine)');
    assert.equal(policy.refusal('::ffff:127.0.0.1'), 'a loopback address (this machine)');
    assert.equal(policy.refusal('169.254.169.254'), 'a link-local address');
    assert.equal(policy.refusal('100.64.0.1'), 'a carrier-grade NAT address');
    assert.equal(policy.refusal('10.0.0.1'), 'a private network address');
    assert.equal(policy.refusal('fd12::1'), 'a private network address');
    assert.equal(policy.refusal('0.0.0.0'), 'an unspecified address');
  });

  test('the host of a URL as its text writes it', () => {
    const host = (text: string) => writtenHost(text, new URL(text));
    assert.equal(host('http://[::ffff:127.0.0.1]:8080/a.wav'), '[::ffff:127.0.0.1]');
    assert.equal(host('http://2130706433/a.wav'), '2130706433');
    assert.equal(host('HTTP://user:pw@0x7f.1/a.wav'), '0x7f.1');
    assert.equal(host('https://Recordings.Example.com/a.wav'), 'Recordings.Example.com');
    assert.equal(writtenHost('/relative/a.wav', new URL('http://example.com/relative/a.wav')), 'example.com');
  });
});
