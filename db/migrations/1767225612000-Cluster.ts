import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Several nodes on one database: `cluster_nodes` is each node's heartbeat (how many are alive, which one holds
 * the AMI link), `socket_io_attachments` is where `@socket.io/postgres-adapter` puts messages too big for a
 * NOTIFY (a caller card with a long history).
 */
export class Cluster1767225612000 implements MigrationInterface {
  name = 'Cluster1767225612000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cluster_nodes (
        id text PRIMARY KEY,
        started_at timestamptz NOT NULL DEFAULT now(),
        seen_at timestamptz NOT NULL DEFAULT now(),
        leader boolean NOT NULL DEFAULT false
      );
      CREATE INDEX cluster_nodes_seen ON cluster_nodes (seen_at);
      CREATE TABLE socket_io_attachments (
        id bigserial UNIQUE,
        created_at timestamptz DEFAULT now(),
        payload bytea
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE socket_io_attachments; DROP TABLE cluster_nodes');
  }
}
