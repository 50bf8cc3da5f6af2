import type { Pbx } from './pbx';
import type { SimChannel } from './model';
import { channelFields } from './model';

interface Spy {
  spyer: SimChannel;
  spyee: SimChannel;
}

/**
 * ChanSpy(<channel prefix>,<options>) on an originated supervisor's leg, as app_chanspy reports it: ChanSpyStart
 * when it finds the agent's channel, ChanSpyStop when either side goes. With `E` the spyer's leg hangs up when the
 * spied channel does. `q`, `w` and `B` change only what is heard, which a simulator has no audio for.
 */
export class ChanSpyEngine {
  private readonly spies = new Map<string, Spy>();

  constructor(private readonly pbx: Pbx, private readonly hangupLeg: (channel: SimChannel) => void) {}

  start(spyer: SimChannel, data: string): void {
    const [prefix = '', options = ''] = data.split(',');
    const spyee = [...this.pbx.channels.values()].find((c) => c !== spyer && prefix !== '' && c.name.startsWith(prefix));
    if (!spyee) {
      // Nothing to spy on: ChanSpy waits for one; with E it gives up at once.
      if (options.includes('E')) this.pbx.clock.after(0, () => this.hangupLeg(spyer));
      return;
    }
    this.spies.set(spyer.uniqueid, { spyer, spyee });
    this.pbx.emit('ChanSpyStart', 'call', [...channelFields(spyer, 'Spyer'), ...channelFields(spyee, 'Spyee')]);
  }

  /** A channel hung up: a spy on it stops (and its leg ends with E); a spyer's leg ends its spy. */
  channelGone(channel: SimChannel): void {
    for (const spy of [...this.spies.values()]) {
      if (spy.spyer.uniqueid !== channel.uniqueid && spy.spyee.uniqueid !== channel.uniqueid) continue;
      this.spies.delete(spy.spyer.uniqueid);
      this.pbx.emit('ChanSpyStop', 'call', [...channelFields(spy.spyer, 'Spyer'), ...channelFields(spy.spyee, 'Spyee')]);
      if (spy.spyee.uniqueid === channel.uniqueid) this.pbx.clock.after(0, () => this.hangupLeg(spy.spyer));
    }
  }
}
