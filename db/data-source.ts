import 'reflect-metadata';
import { DataSource } from 'typeorm';
import * as entities from './entities';
import { migrations } from './migrations';

export interface DataSourceOptions {
  url: string;
  /** Pool size; the server keeps a few connections, one-shot commands fewer. */
  poolSize?: number;
  applicationName?: string;
}

/** The one way the product talks to PostgreSQL: TypeORM over pg, migrations only (never synchronize). */
export function createDataSource({ url, poolSize = 10, applicationName = 'hromada-contact' }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: Object.values(entities).filter((e) => typeof e === 'function'),
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5_000,
      // A query that cannot finish in this time is answered with an error rather than hanging a request.
      statement_timeout: 15_000,
      idleTimeoutMillis: 30_000,
    },
  });
}

export type { DataSource };
