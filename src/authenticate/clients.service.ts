import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { ClientEntity } from './client.entity';
import { hashToken, newToken, sameHash } from './tokens';

export interface ClientRecord {
  cid: number;
  name: string;
  created: string;
  disabled?: string;
  audioRetentionDays?: number;
  resultRetentionDays?: number;
}

/** A client's own retention; `null` gives a setting back to the service's default. */
export interface ClientRetention {
  audioRetentionDays?: number | null;
  resultRetentionDays?: number | null;
}

export const presentClient = (client: ClientEntity): ClientRecord => ({
  cid: client.cid,
  name: client.name,
  created: new Date(client.createdAt).toISOString(),
  ...(client.disabledAt ? { disabled: new Date(client.disabledAt).toISOString() } : {}),
  ...(client.audioRetentionDays !== null && client.audioRetentionDays !== undefined ? { audioRetentionDays: client.audioRetentionDays } : {}),
  ...(client.resultRetentionDays !== null && client.resultRetentionDays !== undefined ? { resultRetentionDays: client.resultRetentionDays } : {}),
});

/** The client registry: tokens are shown once, at creation or rotation, and stored only hashed. */
@Injectable()
export class ClientsService {
  private readonly clients: Repository<ClientEntity>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.clients = dataSource.getRepository(ClientEntity);
  }

  async create(name: string): Promise<ClientRecord & { token: string }> {
    const token = newToken();
    const row = await this.clients.save(this.clients.create({ name, tokenHash: hashToken(token), createdAt: Date.now(), disabledAt: null, audioRetentionDays: null, resultRetentionDays: null }));
    return { ...presentClient(row), token };
  }

  async list(): Promise<ClientRecord[]> {
    return (await this.clients.find({ order: { cid: 'ASC' } })).map(presentClient);
  }

  count(): Promise<number> {
    return this.clients.count();
  }

  find(cid: number): Promise<ClientEntity | null> {
    return this.clients.findOneBy({ cid });
  }

  /** A new token; the old one stops working at once. */
  async rotateToken(cid: number): Promise<ClientRecord & { token: string }> {
    const client = await this.require(cid);
    const token = newToken();
    await this.clients.update({ cid }, { tokenHash: hashToken(token) });
    return { ...presentClient(client), token };
  }

  async disable(cid: number): Promise<ClientRecord> {
    const client = await this.require(cid);
    client.disabledAt ??= Date.now();
    await this.clients.update({ cid }, { disabledAt: client.disabledAt });
    return presentClient(client);
  }

  /** Sets how long the client's audio and results are kept after a call settles (days). */
  async setRetention(cid: number, retention: ClientRetention): Promise<ClientRecord> {
    const client = await this.require(cid);
    Object.assign(client, retention);
    await this.clients.update({ cid }, retention);
    return presentClient(client);
  }

  /** The enabled client a token belongs to, if any. */
  async authenticate(token: string): Promise<ClientEntity | null> {
    const hash = hashToken(token);
    const client = await this.clients.findOneBy({ tokenHash: hash });
    return client && !client.disabledAt && sameHash(client.tokenHash, hash) ? client : null;
  }

  private async require(cid: number): Promise<ClientEntity> {
    const client = await this.find(cid);
    if (!client) throw new Error(`No client with cid ${cid}`);
    return client;
  }
}
