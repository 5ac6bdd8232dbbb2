import { describe, expect, it } from 'vitest';
import { type AuditFacts, ChainVerifier, type ChainedRecord, chainHash, GENESIS_HASH } from './audit-chain';

function chain(count: number): ChainedRecord[] {
  const records: ChainedRecord[] = [];
  let previousHash = GENESIS_HASH;
  for (let i = 1; i <= count; i++) {
    const facts: AuditFacts = {
      occurredAt: `2026-11-21T12:00:0${i}Z`,
      actor: 'user:u',
      action: 'transfer.p2p',
      subject: `t${i}`,
      details: { amount: i * 100, currency: 'EUR' },
      requestId: `r${i}`,
    };
    const hash = chainHash(previousHash, facts);
    records.push({ ...facts, seq: String(i), position: String(i), previousHash, hash, recordPresent: true });
    previousHash = hash;
  }
  return records;
}

describe('the audit chain', () => {
  it('verifies an untouched chain, across pages', () => {
    const records = chain(5);
    const verifier = new ChainVerifier();
    expect(verifier.feed(records.slice(0, 2))).toBeNull();
    expect(verifier.feed(records.slice(2))).toBeNull();
    expect(verifier.recordsChecked).toBe(5);
  });

  it('reports the first record whose facts were edited', () => {
    const records = chain(5);
    records[2] = { ...records[2], details: { amount: 1, currency: 'EUR' } };
    expect(new ChainVerifier().feed(records)).toEqual({ seq: '3', problem: 'hash-mismatch' });
  });

  it('reports a link removed from the middle', () => {
    const records = chain(5);
    records.splice(1, 1);
    expect(new ChainVerifier().feed(records)).toEqual({ seq: '3', problem: 'position-gap' });
  });

  it('reports a record deleted from the log while its link stayed', () => {
    const records = chain(3);
    records[2] = { ...records[2], recordPresent: false };
    expect(new ChainVerifier().feed(records)).toEqual({ seq: '3', problem: 'record-missing' });
  });

  it('reports links renumbered to hide a removal, by their hashes', () => {
    const records = chain(5);
    records.splice(1, 1);
    const renumbered = records.map((r, i) => ({ ...r, position: String(i + 1) }));
    expect(new ChainVerifier().feed(renumbered)).toEqual({ seq: '3', problem: 'previous-hash-mismatch' });
  });

  it('hashes the same facts the same whatever the order of their keys', () => {
    const facts: AuditFacts = {
      occurredAt: 'x',
      actor: 'a',
      action: 'b',
      subject: 'c',
      details: { a: 1, b: 2 },
      requestId: null,
    };
    expect(chainHash(GENESIS_HASH, facts)).toBe(chainHash(GENESIS_HASH, { ...facts, details: { b: 2, a: 1 } }));
  });
});
