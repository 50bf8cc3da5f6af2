import { parseArgs } from 'node:util';
import { startSimulator } from './index';

// `npm run simulator -- --port 5038 [--calls-per-minute N] [--agents N]`: the PBX simulator alone.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5038' },
    host: { type: 'string', default: '127.0.0.1' },
    'calls-per-minute': { type: 'string', default: '6' },
    agents: { type: 'string', default: '5' },
  },
});

const simulator = await startSimulator({
  port: Number(values.port),
  host: values.host,
  agents: Number(values.agents),
  callsPerMinute: Number(values['calls-per-minute']),
});

process.stdout.write(
  [
    `PBX simulator speaking AMI on ${simulator.host}:${simulator.port}`,
    `  username: ${simulator.credentials.username}`,
    `  secret:   ${simulator.credentials.secret}`,
    `  queue support, agents PJSIP/1001..PJSIP/${1000 + Number(values.agents)}, ${values['calls-per-minute']} calls/minute`,
    `  console: AMI_HOST=${simulator.host} AMI_PORT=${simulator.port} AMI_USERNAME=${simulator.credentials.username} AMI_SECRET=${simulator.credentials.secret} npm start`,
    '',
  ].join('\n'),
);

const stop = () => {
  void simulator.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
