import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from './index';
import type { RawMessage } from '../../test/fixtures/ami/raw-client';
import { startSimulator } from './index';
import { RawAmiClient, eventName, get } from '../../test/fixtures/ami/raw-client';
import { waitFor } from '../../test/fixtures/ami/wait';

let sim: Simulator;
let client: RawAmiClient;
afterEach(async () => {
  client?.close();
  await sim?.close();
});

async function loggedIn(options: Parameters<typeof startSimulator>[0] = {}) {
  sim = await startSimulator({ loginFailureDelayMs: 10, agents: 2, ...options });
  client = await RawAmiClient.open(sim.port);
  await client.login(sim.credentials.username, sim.credentials.secret);
  return client;
}

const fieldNames = (m: RawMessage) => m.map(([k]) => k);

describe('simulator speaking AMI over TCP', () => {
  it('when a client connects, then the banner is Asterisk 20 style with no blank line after it', async () => {
    sim = await startSimulator({ asteriskVersion: 20 });
    client = await RawAmiClient.open(sim.port);
    await waitFor(() => client.text.length > 0, 'banner');
    expect(client.text).toBe('Asterisk Call Manager/9.0.0\r\n');
  });

  it('when the secret is wrong, then the login is refused and the connection closed', async () => {
    sim = await startSimulator({ loginFailureDelayMs: 10 });
    client = await RawAmiClient.open(sim.port);
    const response = await client.login(sim.credentials.username, 'nope');
    expect(response).toEqual([['Response', 'Error'], ['ActionID', 'login-1'], ['Message', 'Authentication failed']]);
    await waitFor(() => client.closed, 'close after failed login');
  });

  it('when the login succeeds, then FullyBooted follows with the system privilege and Uptime', async () => {
    await loggedIn();
    expect(client.messages[0]).toEqual([['Response', 'Success'], ['ActionID', 'login-1'], ['Message', 'Authentication accepted']]);
    const booted = await client.next((m) => eventName(m) === 'FullyBooted', 'FullyBooted');
    expect(get(booted, 'Privilege')).toBe('system,all');
    expect(Number(get(booted, 'Uptime'))).toBeGreaterThan(60);
  });

  it('when an action comes before login, then it is denied', async () => {
    sim = await startSimulator();
    client = await RawAmiClient.open(sim.port);
    client.send({ Action: 'Ping', ActionID: 'p' });
    expect(await client.next((m) => get(m, 'ActionID') === 'p', 'ping reply')).toEqual([['Response', 'Error'], ['ActionID', 'p'], ['Message', 'Permission denied']]);
  });

  it('when Ping, Events off, an unknown action and Logoff are sent, then Asterisk replies come back', async () => {
    await loggedIn();
    client.send({ Action: 'Ping', ActionID: 'a1' });
    const pong = await client.next((m) => get(m, 'ActionID') === 'a1', 'pong');
    expect(fieldNames(pong)).toEqual(['Response', 'ActionID', 'Ping', 'Timestamp']);
    client.send({ Action: 'Events', ActionID: 'a2', EventMask: 'off' });
    expect(await client.next((m) => get(m, 'ActionID') === 'a2', 'events')).toEqual([['Response', 'Success'], ['ActionID', 'a2'], ['Events', 'Off']]);
    client.send({ Action: 'Frobnicate', ActionID: 'a3' });
    expect(get(await client.next((m) => get(m, 'ActionID') === 'a3', 'unknown'), 'Message')).toMatch(/^Invalid\/unknown command: Frobnicate/);
    client.send({ Action: 'Logoff', ActionID: 'a4' });
    expect(await client.next((m) => get(m, 'ActionID') === 'a4', 'goodbye')).toEqual([['Response', 'Goodbye'], ['ActionID', 'a4'], ['Message', 'Thanks for all the fish.']]);
    await waitFor(() => client.closed, 'close after logoff');
  });

  it('when a line is longer than 1024 bytes, then the action is refused as Asterisk does', async () => {
    await loggedIn();
    client.send({ Action: 'Ping', Junk: 'x'.repeat(2000) });
    expect(await client.next((m) => get(m, 'Message')?.includes('line too long') ?? false, 'error')).toEqual([['Response', 'Error'], ['Message', 'Failed to parse message: line too long']]);
  });

  it('when QueueStatus is asked while a caller waits, then an event list comes with Name/Location and ActionID last', async () => {
    await loggedIn({ queues: [{ name: 'support', members: [{ interface: 'PJSIP/1001', name: 'agent-alice', paused: true, pausedReason: 'lunch' }] }] });
    sim.placeCall({ from: '+380671234567', queue: 'support' });
    client.send({ Action: 'QueueStatus', ActionID: 'qs' });
    const complete = await client.next((m) => eventName(m) === 'QueueStatusComplete', 'complete');
    const list = client.messages.filter((m) => get(m, 'ActionID') === 'qs');
    expect(list[0]).toEqual([['Response', 'Success'], ['ActionID', 'qs'], ['EventList', 'start'], ['Message', 'Queue status will follow']]);
    expect(list.slice(1, -1).map(eventName)).toEqual(['QueueParams', 'QueueMember', 'QueueEntry']);
    for (const item of list.slice(1, -1)) expect(item.at(-1)).toEqual(['ActionID', 'qs']);
    expect(fieldNames(list[2]!)).toEqual(['Event', 'Queue', 'Name', 'Location', 'StateInterface', 'Membership', 'Penalty', 'CallsTaken', 'LastCall', 'LastPause', 'LoginTime', 'InCall', 'Status', 'Paused', 'PausedReason', 'Wrapuptime', 'ActionID']);
    expect(get(list[2]!, 'PausedReason')).toBe('lunch');
    expect(get(list[3]!, 'CallerIDName')).toBe('unknown');
    expect(complete).toEqual([['Event', 'QueueStatusComplete'], ['ActionID', 'qs'], ['EventList', 'Complete'], ['ListItems', '3']]);
  });

  it('when CoreShowChannels is asked, then each item has ActionID right after Event, and the caller runs Queue', async () => {
    await loggedIn();
    sim.placeCall({ from: '+380671234567', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 60_000 });
    await client.next((m) => eventName(m) === 'AgentCalled', 'ringing');
    client.send({ Action: 'CoreShowChannels', ActionID: 'cs' });
    await client.next((m) => eventName(m) === 'CoreShowChannelsComplete', 'complete');
    const items = client.messages.filter((m) => eventName(m) === 'CoreShowChannel');
    expect(items.map((m) => m[1])).toEqual([['ActionID', 'cs'], ['ActionID', 'cs']]);
    expect(items.map((m) => [get(m, 'Application'), get(m, 'ChannelState')])).toEqual([['Queue', '6'], ['AppQueue', '5']]);
  });

  it('when QueuePause is sent, then QueueMemberPause announces it with the reason', async () => {
    await loggedIn();
    client.send({ Action: 'QueuePause', ActionID: 'qp', Interface: 'PJSIP/1002', Paused: 'true', Reason: 'training' });
    expect(get(await client.next((m) => get(m, 'ActionID') === 'qp', 'reply'), 'Message')).toBe('Interface paused successfully');
    const event = await client.next((m) => eventName(m) === 'QueueMemberPause', 'pause event');
    expect([get(event, 'Interface'), get(event, 'Paused'), get(event, 'PausedReason'), get(event, 'Privilege')]).toEqual(['PJSIP/1002', '1', 'training', 'agent,all']);
  });

  it('when an async Originate is answered, then the reply says queued and OriginateResponse carries our ActionID and ChannelId', async () => {
    await loggedIn();
    client.send({ Action: 'Originate', ActionID: 'o1', Channel: 'PJSIP/1001', Context: 'consult', Exten: '8001', Priority: '1', Variable: 'CONF_ROLE=official', ChannelId: 'chan-1', Async: 'true' });
    expect(get(await client.next((m) => get(m, 'ActionID') === 'o1', 'reply'), 'Message')).toBe('Originate successfully queued');
    const response = await client.next((m) => eventName(m) === 'OriginateResponse', 'OriginateResponse');
    expect([get(response, 'ActionID'), get(response, 'Response'), get(response, 'Reason'), get(response, 'Uniqueid')]).toEqual(['o1', 'Success', '4', 'chan-1']);
    const join = await client.next((m) => eventName(m) === 'ConfbridgeJoin', 'join');
    expect([get(join, 'Conference'), get(join, 'Admin'), get(join, 'Uniqueid')]).toEqual(['8001', 'Yes', 'chan-1']);
  });

  it('when QueueSummary and ConfbridgeListRooms are asked, then they come as event lists with their field sets', async () => {
    await loggedIn();
    client.send({ Action: 'ConfbridgeListRooms', ActionID: 'r0' });
    expect(get(await client.next((m) => get(m, 'ActionID') === 'r0', 'no rooms'), 'Message')).toBe('No active conferences.');
    client.send({ Action: 'Originate', ActionID: 'o2', Channel: 'PJSIP/1001', Application: 'ConfBridge', Data: '8003,consult_bridge,official_user', Async: 'true' });
    await client.next((m) => eventName(m) === 'ConfbridgeJoin', 'join');
    client.send({ Action: 'ConfbridgeListRooms', ActionID: 'r1' });
    const rooms = await client.next((m) => eventName(m) === 'ConfbridgeListRooms', 'room item');
    expect(rooms).toEqual([['Event', 'ConfbridgeListRooms'], ['Conference', '8003'], ['Parties', '1'], ['Marked', '1'], ['Locked', 'No'], ['Muted', 'No'], ['ActionID', 'r1']]);
    await client.next((m) => eventName(m) === 'ConfbridgeListRoomsComplete', 'rooms complete');
    client.send({ Action: 'QueueSummary', ActionID: 's1' });
    const summary = await client.next((m) => eventName(m) === 'QueueSummary', 'summary item');
    expect(fieldNames(summary)).toEqual(['Event', 'Queue', 'LoggedIn', 'Available', 'Callers', 'HoldTime', 'TalkTime', 'LongestHoldTime', 'ActionID']);
    // PJSIP/1001 is busy in the room, so only PJSIP/1002 is available.
    expect([get(summary, 'LoggedIn'), get(summary, 'Available')]).toEqual(['2', '1']);
    expect(get(await client.next((m) => eventName(m) === 'QueueSummaryComplete', 'summary complete'), 'ListItems')).toBe('1');
  });

  describe('queues.conf reloaded as Asterisk 22 reloads it', () => {
    const ADMIN = { hromada: { secret: 'hromada-sim' }, admin: { secret: 'admin-sim', write: 'system,config,command,agent' } };
    const conf = (members: string[]) => [{ name: 'support', members }];
    async function asAdmin() {
      sim = await startSimulator({ loginFailureDelayMs: 10, users: ADMIN, queues: conf(['PJSIP/1001', 'PJSIP/1002']) });
      client = await RawAmiClient.open(sim.port);
      await client.login('admin', 'admin-sim');
      client.send({ Action: 'QueuePause', ActionID: 'p', Interface: 'PJSIP/1001', Paused: 'true', Reason: 'lunch' });
      await client.next((m) => get(m, 'ActionID') === 'p', 'paused');
    }
    async function members(id: string) {
      client.send({ Action: 'QueueStatus', ActionID: id });
      await client.next((m) => eventName(m) === 'QueueStatusComplete' && get(m, 'ActionID') === id, 'status');
      return client.messages.filter((m) => eventName(m) === 'QueueMember' && get(m, 'ActionID') === id).map((m) => [get(m, 'Location'), get(m, 'Paused'), get(m, 'PausedReason')]);
    }
    // Broadcast member events (QueueMemberAdded, …Pause, …Status), not QueueStatus's own QueueMember items.
    const memberEventsAfter = (from: number) => client.messages.slice(from).filter((m) => eventName(m)?.startsWith('QueueMember') && get(m, 'Privilege')).length;

    it("when 'Reload' of app_queue runs after queues.conf gained a member, then paused members stay paused without their reason, the new one is in unpaused, and only Reload is announced", async () => {
      await asAdmin();
      sim.editQueuesConf(conf(['PJSIP/1001', 'PJSIP/1002', 'PJSIP/1003']));
      expect((await members('before')).map(([iface]) => iface)).toEqual(['PJSIP/1001', 'PJSIP/1002']);
      const from = client.messages.length;
      client.send({ Action: 'Reload', ActionID: 'r', Module: 'app_queue' });
      expect(get(await client.next((m) => get(m, 'ActionID') === 'r', 'reply'), 'Message')).toBe('Module Reloaded');
      const reload = await client.next((m) => eventName(m) === 'Reload', 'Reload event', from);
      expect([get(reload, 'Module'), get(reload, 'Status'), get(reload, 'Privilege')]).toEqual(['app_queue', '0', 'system,all']);
      expect(await members('after')).toEqual([['PJSIP/1001', '1', ''], ['PJSIP/1002', '0', ''], ['PJSIP/1003', '0', '']]);
      expect(memberEventsAfter(from)).toBe(0);
    });

    it("when 'queue reload all' (Command) or QueueReload runs after an edit, then the same happens and nothing at all is announced; without an edit nothing happens", async () => {
      await asAdmin();
      sim.editQueuesConf(conf(['PJSIP/1001']));
      const from = client.messages.length;
      client.send({ Action: 'Command', ActionID: 'c', Command: 'queue reload all' });
      expect(get(await client.next((m) => get(m, 'ActionID') === 'c', 'reply'), 'Response')).toBe('Success');
      expect(await members('after')).toEqual([['PJSIP/1001', '1', '']]);
      client.send({ Action: 'QueuePause', ActionID: 'p2', Interface: 'PJSIP/1001', Paused: 'true', Reason: 'break' });
      await client.next((m) => get(m, 'ActionID') === 'p2', 'paused again');
      // Nobody touched the file since: app_queue reloads nothing at all.
      client.send({ Action: 'QueueReload', ActionID: 'q0', Members: 'yes' });
      await client.next((m) => get(m, 'ActionID') === 'q0', 'reply');
      expect(await members('unchanged')).toEqual([['PJSIP/1001', '1', 'break']]);
      sim.editQueuesConf(conf(['PJSIP/1001']));
      client.send({ Action: 'QueueReload', ActionID: 'q', Members: 'yes' });
      expect(get(await client.next((m) => get(m, 'ActionID') === 'q', 'reply'), 'Message')).toBe('Queue reloaded successfully');
      expect(await members('again')).toEqual([['PJSIP/1001', '1', '']]);
      expect(client.messages.slice(from).filter((m) => eventName(m) === 'Reload')).toEqual([]);
      client.send({ Action: 'Command', ActionID: 'm', Command: 'module reload app_queue' });
      await client.next((m) => eventName(m) === 'Reload', 'Reload from the CLI command', from);
    });

    it('when the AMI user may not (no system, config or command write), then Reload and Command are denied', async () => {
      // The sample manager.conf grants system for MixMonitor (recordings started by the server); a city that
      // records from the dialplan leaves it out, as here.
      await loggedIn({ users: { hromada: { secret: 'hromada-sim', write: 'call,agent,originate,reporting' } } });
      client.send({ Action: 'Reload', ActionID: 'r', Module: 'app_queue' });
      expect(get(await client.next((m) => get(m, 'ActionID') === 'r', 'reply'), 'Message')).toBe('Permission denied');
      client.send({ Action: 'Command', ActionID: 'c', Command: 'queue reload all' });
      expect(get(await client.next((m) => get(m, 'ActionID') === 'c', 'reply'), 'Message')).toBe('Permission denied');
    });
  });
});
