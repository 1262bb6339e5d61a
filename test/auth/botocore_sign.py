"""Sign requests with the real botocore signers and print them as JSON for test/auth/sigv4-botocore.test.ts.

Every case is signed at a fixed instant (argv[1], ISO 8601 UTC) with region us-west-2. Two routes:
botocore clients (serializer + signer, captured just before sending) and the SigV4Auth /
SigV4QueryAuth classes applied to a hand-built AWSRequest.
"""

import base64
import datetime
import json
import sys
from unittest import mock

import botocore.auth
import botocore.session
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AT = datetime.datetime.strptime(sys.argv[1], "%Y-%m-%dT%H:%M:%SZ")
ENDPOINT = "http://127.0.0.1:4600"
AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSION_AKID = "ASIAIOSFODNN7EXAMPLE"
SESSION_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLE//////////wEaDEXAMPLETOKEN+/="


class Captured(Exception):
    pass


def dump(name, method, url, headers, body):
    if isinstance(body, str):
        body = body.encode("utf-8")
    return {
        "name": name,
        "method": method,
        "url": url,
        "headers": [[k, v if isinstance(v, str) else v.decode("latin-1")] for k, v in headers.items()],
        "body": base64.b64encode(body or b"").decode("ascii"),
    }


def client_request(service, operation, params, akid=AKID, secret=SECRET, token=None):
    session = botocore.session.get_session()
    client = session.create_client(
        service,
        region_name="us-west-2",
        endpoint_url=ENDPOINT,
        aws_access_key_id=akid,
        aws_secret_access_key=secret,
        aws_session_token=token,
    )
    seen = []

    def before_send(request, **_):
        seen.append(request)
        raise Captured()

    client.meta.events.register("before-send", before_send)
    try:
        getattr(client, operation)(**params)
    except Captured:
        pass
    req = seen[0]
    return req.method, req.url, req.headers, req.body


def main():
    out = []
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda remove_tzinfo=True: AT):
        m, u, h, b = client_request("iam", "list_users", {})
        out.append(dump("client iam ListUsers", m, u, h, b))
        m, u, h, b = client_request(
            "iam",
            "create_user",
            {"UserName": "alice", "Path": "/eng/", "Tags": [{"Key": "team", "Value": "a b+c/d=é"}]},
        )
        out.append(dump("client iam CreateUser with tags", m, u, h, b))
        m, u, h, b = client_request("sts", "get_caller_identity", {})
        out.append(dump("client sts GetCallerIdentity", m, u, h, b))
        m, u, h, b = client_request(
            "sts", "get_caller_identity", {}, akid=SESSION_AKID, secret=SESSION_SECRET, token=SESSION_TOKEN
        )
        out.append(dump("client sts GetCallerIdentity with session token", m, u, h, b))

        session = botocore.session.get_session()
        sts = session.create_client(
            "sts",
            region_name="us-west-2",
            endpoint_url=ENDPOINT,
            aws_access_key_id=AKID,
            aws_secret_access_key=SECRET,
        )
        url = sts.generate_presigned_url("get_caller_identity", Params={}, ExpiresIn=900, HttpMethod="GET")
        out.append(dump("client sts presigned GetCallerIdentity", "GET", url, {"host": "127.0.0.1:4600"}, b""))

        creds = Credentials(AKID, SECRET)
        for service, action, version in (("iam", "GetUser", "2010-05-08"), ("sts", "GetCallerIdentity", "2011-06-15")):
            req = AWSRequest(
                method="POST",
                url=ENDPOINT + "/",
                data={"Action": action, "Version": version},
                headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
            )
            botocore.auth.SigV4Auth(creds, service, "us-west-2").add_auth(req)
            p = req.prepare()
            out.append(dump(f"SigV4Auth {service} {action}", p.method, p.url, p.headers, p.body))

            req = AWSRequest(
                method="POST",
                url=ENDPOINT + "/",
                data={"Action": action, "Version": version},
                headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
            )
            botocore.auth.SigV4QueryAuth(creds, service, "us-west-2", expires=3600).add_auth(req)
            p = req.prepare()
            out.append(dump(f"SigV4QueryAuth {service} {action}", p.method, p.url, p.headers, p.body))

        req = AWSRequest(method="GET", url=ENDPOINT + "/a//b/./c/../%7Euser%20x/?Z=1&a=%2F&a=%20&B=")
        botocore.auth.SigV4Auth(creds, "iam", "us-west-2").add_auth(req)
        p = req.prepare()
        out.append(dump("SigV4Auth odd path and query", p.method, p.url, p.headers, p.body))

    json.dump(out, sys.stdout)


main()
