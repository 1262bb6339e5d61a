"""Parses our wire output with botocore's own response parsers (the code boto3/aws-cli run).

stdin: JSON list of cases {service, operation, body, status} or {mode: "serialize", service, operation, params}
stdout: JSON list of results {parsed} or {exception}; datetimes as ISO strings, bytes as base64.
Policy documents go through botocore's json_decode_policies handler, as boto3 would apply it.
"""
import base64
import datetime
import json
import sys

import botocore.session
from botocore.handlers import json_decode_policies
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

session = botocore.session.get_session()
models = {}


def model_for(service):
    if service not in models:
        models[service] = session.get_service_model(service)
    return models[service]


def plain(v):
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, datetime.datetime):
        return v.astimezone(datetime.timezone.utc).isoformat()
    if isinstance(v, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(bytes(v)).decode()}
    return v


out = []
for case in json.load(sys.stdin):
    try:
        sm = model_for(case["service"])
        op = sm.operation_model(case["operation"])
        if case.get("mode") == "serialize":
            req = create_serializer(sm.metadata["protocol"]).serialize_to_request(case["params"], op)
            body = req["body"]
            if isinstance(body, dict):  # query serializer returns the form fields as a dict
                out.append({"form": body})
            else:
                out.append({"body": body.decode() if isinstance(body, bytes) else body})
            continue
        parser = create_parser(sm.metadata["protocol"])
        response = {
            "body": case["body"].encode("utf-8"),
            "headers": {"x-amzn-requestid": case.get("requestId", "")},
            "status_code": case.get("status", 200),
        }
        parsed = parser.parse(response, op.output_shape)
        if case["service"] == "iam" and case.get("status", 200) == 200:
            json_decode_policies(parsed, op)
        out.append({"parsed": plain(parsed)})
    except Exception as e:  # noqa: BLE001 - reported to the test
        out.append({"exception": f"{type(e).__name__}: {e}"})
json.dump(out, sys.stdout)
