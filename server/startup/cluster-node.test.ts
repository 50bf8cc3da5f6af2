import { describe, expect, it } from 'vitest';
import { readConfig } from '../config';
import { clusterRefusal, whileLeading } from './cluster-node';

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

describe('a duty run while leading', () => {
  /** The leadership as the cluster tells it, driven by hand; each duty logs its start and the end of its stop. */
  function setUp() {
    const listeners: ((leader: boolean) => void)[] = [];
    const log: string[] = [];
    let n = 0;
    const duty = whileLeading({ onLeadership: (l) => void listeners.push(l) }, () => {
      const id = ++n;
      log.push(`start ${id}`);
      return { stop: () => new Promise<void>((resolve) => setTimeout(() => { log.push(`stopped ${id}`); resolve(); }, 20)) };
    });
    const lead = (leader: boolean) => listeners.forEach((l) => l(leader));
    const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
    return { duty, lead, log, settle };
  }

  it('when the lead is lost and won again at once, then the old duty has stopped before the new one starts, and a repeated win starts none', async () => {
    const { lead, log, settle } = setUp();
    lead(true);
    lead(true);
    lead(false);
    lead(true);
    await settle();
    expect(log).toEqual(['start 1', 'stopped 1', 'start 2']);
  });

  it('when the node stops, then its duty stops and a later win starts nothing', async () => {
    const { duty, lead, log, settle } = setUp();
    lead(true);
    await settle();
    await duty.stop();
    lead(true);
    await settle();
    expect(log).toEqual(['start 1', 'stopped 1']);
  });
});
