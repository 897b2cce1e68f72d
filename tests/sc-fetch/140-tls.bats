#!/usr/bin/env bats
# TLS: certificates are always verified; there is no option to turn that off.
load ../helper
load ../fake/fake

setup() {
	command -v openssl >/dev/null || skip "no openssl to make a certificate"
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
		-keyout "$BATS_TEST_TMPDIR/key.pem" -out "$BATS_TEST_TMPDIR/cert.pem" 2>/dev/null
	export FAKE_TLS_CERT=$BATS_TEST_TMPDIR/cert.pem FAKE_TLS_KEY=$BATS_TEST_TMPDIR/key.pem
	fake_setup x x_api_v2
	export SC_X_TOKEN=$FAKE_TOKEN SC_HTTP_BACKOFF_MS=5
}

@test "a server whose certificate is not trusted is refused: exit 4, no token sent" {
	run_split sc-fetch x --account AcmeHelp --api "$FAKE_URL" --state "$ST"
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"certificate"* ]]
	[[ "$stderr" != *"retrying"* ]]
	[ ! -s "$FAKE_LOG" ]
}

@test "the same server is accepted when its certificate is trusted (CURL_CA_BUNDLE)" {
	CURL_CA_BUNDLE=$FAKE_TLS_CERT run_split sc-fetch x --account AcmeHelp --api "$FAKE_URL" \
		--state "$ST"
	[ "$status" -eq 0 ]
}
