import type { Router } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { loadStreetRenames } from '../addresses/renames.repository';
import { createRenamesRouter } from '../addresses/renames.router';
import { rooms, type Realtime } from '../realtime/gateway';
import type { OutageIndex } from './outage-index';
import { outagesRepository } from './outages.repository';
import { createOutagesRouter } from './outages.router';
import { createOutagesService } from './outages.service';
import { createSpikeDetector } from './spike/spike-detector';
import { createSuspicionsService } from './spike/suspicions.service';

export interface OutagesModuleDeps {
  dataSource: DataSource;
  audit: AuditService;
  realtime: Realtime;
  log: Logger;
  index: OutageIndex;
  /** The cards held for live calls follow an outage change (calls/live-calls.ts `outagesChanged`). */
  cardsChanged(): void;
  /** A call classified by attaching it to an outage. */
  classified(userId: number, callId: string): void;
  /** The spike detector's clock (tests move it across midnight). */
  now?: () => Date;
}

/**
 * Outages, street renamings and the spike detector, mounted at `/outages` and `/street-renames`. Every node keeps
 * the open outages in memory for the pop; a change on any node reloads them everywhere (the cluster bus).
 */
export function mountOutages(api: Router, deps: OutagesModuleDeps) {
  const { dataSource, audit, realtime, log, index } = deps;

  async function reload(): Promise<void> {
    await loadStreetRenames(dataSource);
    index.load(await outagesRepository.open(dataSource));
    deps.cardsChanged();
  }
  const ready = reload().catch((e: Error) => log.warn({ err: e }, 'outages not loaded; the pop shows none until the next change'));
  realtime.bus?.on('outages', () => void reload().catch((e: Error) => log.warn({ err: e }, 'outages not reloaded')));
  async function changed(): Promise<void> {
    await reload();
    realtime.bus?.send({ kind: 'outages', from: realtime.bus.nodeId });
  }

  const supervisors = () => realtime.io.to(rooms.supervisors);
  const detector = createSpikeDetector({ dataSource, log: log.child({ module: 'spikes' }), now: deps.now, publish: (view) => supervisors().emit('outage:suspected', view) });
  const outages = createOutagesService({ dataSource, audit, changed, classified: deps.classified });
  const suspicions = createSuspicionsService({ dataSource, audit, outages, closed: (c) => supervisors().emit('outage:suspicion-closed', c) });
  api.use('/outages', createOutagesRouter({ sql: dataSource, outages, suspicions, index, rescan: () => detector.soon(0) }));
  api.use('/street-renames', createRenamesRouter(dataSource, audit, changed));

  return {
    ready,
    detector,
    outages,
    /** Reads the open outages and renamings again (another node changed them; tests). */
    reload,
    stop: () => detector.stop(),
  };
}
export type OutagesModule = ReturnType<typeof mountOutages>;
