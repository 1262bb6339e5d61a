// The floor for the API benchmark: a bare node:http server that reads the request body and answers
// a fixed ~500-byte Query XML body (a GetUser response's shape and size), with the headers our
// server sends. Started as its own process, like the server: `node floor-server.mjs` prints
// `listening on http://127.0.0.1:PORT` and stops on SIGTERM.
import { createServer } from 'node:http';

const BODY = Buffer.from(
  `<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <GetUserResult>
    <User>
      <Path>/</Path>
      <UserName>bench-user-042</UserName>
      <UserId>AIDAQX5ZNDB2LTJ7PQRK4</UserId>
      <Arn>arn:aws:iam::123456789012:user/bench-user-042</Arn>
      <CreateDate>2026-11-28T04:32:33Z</CreateDate>
    </User>
  </GetUserResult>
  <ResponseMetadata>
    <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
  </ResponseMetadata>
</GetUserResponse>
`,
);

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, {
      'content-type': 'text/xml',
      'content-length': BODY.length,
      'x-amzn-requestid': '7a62c49f-347e-4fc4-9331-6e8eEXAMPLE',
      date: new Date().toUTCString(),
    });
    res.end(BODY);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`listening on http://127.0.0.1:${port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
server.keepAliveTimeout = 5_000; // as src/server/http-server.ts
