// A throwaway self-signed certificate for TLS mode. `selfsigned` is imported only here and
// only when TLS is asked for: the tests and benchmarks do; the --demo backend (h2c) never does,
// so it is a devDependency.
export interface TlsCredentials {
  key: string;
  cert: string;
}

export async function selfSignedCredentials(host: string): Promise<TlsCredentials> {
  const { generate } = await import('selfsigned');
  const isIp = /^[\d.]+$|:/.test(host);
  const pems = await generate([{ name: 'commonName', value: 'thalamus-fake-cursor' }], {
    // EC keys generate in milliseconds; RSA 2048 would slow every TLS test down.
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
          ...(isIp ? [{ type: 7 as const, ip: host }] : [{ type: 2 as const, value: host }]),
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
