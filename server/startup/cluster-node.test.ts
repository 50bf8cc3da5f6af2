import { describe, expect, it } from 'vitest';
import { readConfig } from '../config';
import { clusterRefusal } from './cluster-node';

describe('cluster settings', () => {
  const complete = { CLUSTER: 'postgres', DATABASE_URL: 'postgres://h:p@db:5432/h', AMI_HOST: 'pbx', SESSION_SECRET: 's' };

  it('when CLUSTER is unset or complete, then the node starts; NODE_ID, AUTO_MIGRATE and the forwarding timeout are read', () => {
    expect(clusterRefusal(readConfig({}))).toBeNull();
    expect(clusterRefusal(readConfig(complete))).toBeNull();
    expect(readConfig({ ...complete, NODE_ID: 'a', AUTO_MIGRATE: 'false', CLUSTER_FORWARD_TIMEOUT_MS: '800' })).toMatchObject({ cluster: 'postgres', nodeId: 'a', autoMigrate: false, forwardTimeoutMs: 800 });
  });

  it('when a cluster node lacks the shared database, the PBX or the shared session secret, then it refuses and names it', () => {
    expect(clusterRefusal(readConfig({ ...complete, DATABASE_URL: '' }))).toMatch(/needs DATABASE_URL/);
    expect(clusterRefusal(readConfig({ ...complete, AMI_HOST: '' }))).toMatch(/needs AMI_HOST/);
    expect(clusterRefusal(readConfig({ ...complete, SESSION_SECRET: '' }))).toMatch(/needs SESSION_SECRET/);
  });
});
