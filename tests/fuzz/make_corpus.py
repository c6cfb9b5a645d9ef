#!/usr/bin/env python3
"""Writes the seed corpora tests/fuzz/corpus/NAME/ (docs/fuzzing.md) from data/, tests/data/,
tests/tui/ scripts and sandbox traffic: `make check-traffic` in a build directory, then
`tests/fuzz/make_corpus.py BUILD/traffic`. Files are (re)written, never deleted: inputs added
by hand (a finding's) stay."""
import json, glob, os, re, struct, sys
top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = top + '/tests/fuzz/corpus'
traffic = sys.argv[1] if len(sys.argv) > 1 else top + '/build/traffic'
def put(name, fname, data):
    d = os.path.join(out, name); os.makedirs(d, exist_ok=True)
    if isinstance(data, (dict, list)): data = json.dumps(data, indent=1)
    if isinstance(data, str): data = data.encode()
    open(os.path.join(d, fname), 'wb').write(data)
def load(p): return json.load(open(top + '/' + p))
ex = []
for f in sorted(glob.glob(traffic + '/*.jsonl')):
    for l in open(f): ex.append(json.loads(l))
def first(method, path, status):
    for e in ex:
        if e['method'] == method and e['path'].startswith(path) and e['status'] == status: return e
    raise SystemExit('no %s %s %s' % (method, path, status))

# catalog: the sandbox test catalogs, the lint fixture, the smallest demo catalog
for p in sorted(glob.glob(top + '/tests/data/sandbox/catalogs/*.json')):
    put('catalog', os.path.basename(p), open(p, 'rb').read())
put('catalog', 'lint_valid.json', open(top + '/tests/data/lint/valid.json', 'rb').read())
put('catalog', 'demo_059e198d.json', open(top + '/data/catalogs/059e198d-ef6d-41da-954a-c5ef06c14109.json', 'rb').read())
# lint: the valid fixture and a handful of seeded defects
for n in ['valid', 'error_section_cycle', 'error_modifier_cycle', 'error_availability_time',
          'error_dangling_option', 'error_tier_offset_negative', 'error_price_decimals',
          'error_maximum_missing', 'warning_name_control', 'warning_unreachable_item', 'error_not_object']:
    put('lint', n + '.json', open('%s/tests/data/lint/%s.json' % (top, n), 'rb').read())
# catalog cache: two cached documents
for p in sorted(glob.glob(top + '/tests/data/sandbox/catalogs/*.json'))[:2]:
    put('catalog_cache', os.path.basename(p), open(p, 'rb').read())
put('catalog_cache', 'not_json', 'not json{')
# store: stores, a discover request and response, an address
stores = load('data/stores.json')['stores']
put('store', 'store_0.json', stores[0])
put('store', 'store_5.json', stores[5])
put('store', 'store_reply.json', first('GET', '/v1/marketplace/stores/', 200)['response_body'])
put('store', 'discover_response.json', {'stores': stores[:3], 'totalCount': len(stores), 'hasMore': True})
put('store', 'discover_request.json', {'location': {'latitude': 47.6145, 'longitude': -122.3205},
    'query': 'pizza', 'fulfillmentType': 'delivery', 'limit': 20, 'offset': 0})
put('store', 'address.json', stores[1]['address'])
# order: validate request and replies, place request
v_ok = first('POST', '/v1/marketplace/orders/validate', 200)
put('order', 'validate_request.json', v_ok['body'])
put('order', 'validate_reply.json', v_ok['response_body'])
put('order', 'place_request.json', first('POST', '/v1/marketplace/orders/place', 409)['body'])
reply = json.loads(v_ok['response_body'])
amounts = reply.get('amounts') or reply.get('order', {}).get('amounts')
if amounts: put('order', 'amounts.json', amounts)
put('order', 'cart.json', '{"storeId": "store-1", "catalogSetId": "cs-1", "lineItems": [{"lineItemId": "L1", "itemId": "pizza", "quantity": 2, "modifierGroups": [{"modifierGroupId": "size", "items": [{"itemId": "large", "quantity": 1}]}]}, {"itemId": "soda", "quantity": 1}]}')
# problem: two bytes of status, then the body
def prob(fname, status, body): put('problem', fname, struct.pack('>H', status - 100) + body.encode())
for e in ex:
    if e['status'] >= 400 and e['response_body']:
        prob('%d_%s' % (e['status'], e['path'].split('/')[-1].split('?')[0][:12]), e['status'], e['response_body'])
prob('429_retry', 429, json.dumps({'type': 'https://docs.gett-tech.com/errors/rate-limited', 'title': 'Too Many Requests',
    'status': 429, 'errorCode': 'RATE_LIMITED', 'errorCategory': 'transient', 'retryable': True, 'retryAfter': 3,
    'detail': 'slow down', 'requestId': 'req_1', 'errors': [{'code': 'X', 'message': 'm', 'field': 'lineItems[0]'}]}))
prob('502_html', 502, '<html><body>Bad gateway</body></html>')
prob('503_empty', 503, '')
# session: session create/me, addresses and payments pages, users' addresses
c = first('POST', '/v1/marketplace/session/create', 200)
put('session', 'create_request.json', c['body'])
put('session', 'create_reply.json', c['response_body'])
put('session', 'me_reply.json', first('GET', '/v1/marketplace/session/me', 200)['response_body'])
put('session', 'addresses_page.json', first('GET', '/v1/marketplace/checkout/addresses', 200)['response_body'])
put('session', 'payments_page.json', first('GET', '/v1/marketplace/checkout/payments', 200)['response_body'])
put('session', 'anonymous_request.json', {'anonymous': True})
u = load('data/users.json')['users'][0]
put('session', 'user_address.json', u['addresses'][0])
put('session', 'address_input.json', u['addresses'][0]['address'])
# money: decimal text and JSON numbers
for i, t in enumerate(['12.50', '-0.05', '19.999', '0.005', '1e3', '100000000000.00', '0.1', '-0', '99999999999.99']):
    put('money', 'm%d' % i, t)
# timestamps
for i, t in enumerate(['2026-03-11T14:30:00.000Z', '2026-03-11T14:30:00+05:30', '2024-02-29T23:59:59.123456789-08:00',
                       '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-31T00:00:00Z']):
    put('timestamp', 't%d' % i, t)
# availability: lists from catalogs, times and days
cat = load('tests/data/lint/valid.json')
put('avail', 'catalog_lunch.json', cat['catalogs']['lunch']['availability'])
put('avail', 'null.json', 'null')
put('avail', 'time', '23:59:59')
put('avail', 'day', 'saturday')
put('avail', 'end_of_day.json', [{'dayOfWeek': 'Friday', 'start': '22:00:00', 'end': '00:00:00'}])
# config: the documented example, a minimal one, a broken line
doc = open(top + '/docs/config.md').read()
ini = doc.split('```ini\n', 1)[1].split('```', 1)[0]
put('config', 'full_example', ini.replace('api-key-file = ~/.config/gett-tui/api-key\n', ''))
put('config', 'api_url', '[api]\napi-url = http://127.0.0.1:8080\n')
put('config', 'broken', '[profile]\nemail\n')
put('config', 'duplicates', '[address a]\naddress1=x\n[address a]\ncity=y\n[cache]\ncatalog-max-size = 1GiB\n')
# journal: one entry each state (the harness's file name holds this key)
key = '0f8fad5b-d9cb-469f-a165-70867728950e'
body = first('POST', '/v1/marketplace/orders/place', 409)['body']
base = {'version': 1, 'idempotencyKey': key, 'baseUrl': 'http://127.0.0.1:8080', 'body': body,
        'createdAt': '2026-03-11T14:30:00Z', 'state': 'pending'}
put('journal', 'pending.json', base)
put('journal', 'placed.json', dict(base, state='placed', finishedAt='2026-03-11T14:30:05Z', gettOrderId='ord_1', seen=False))
put('journal', 'failed.json', dict(base, state='failed', finishedAt='2026-03-11T14:30:05Z'))
put('journal', 'abandoned.json', dict(base, state='abandoned', finishedAt='2026-03-12T09:00:00Z'))
put('journal', 'wrong_key.json', dict(base, idempotencyKey='x'))
# cart file: for the harness's server and user
cartj = json.load(open(out + '/order/cart.json'))
cf = {'version': 1, 'baseUrl': 'http://127.0.0.1:8080', 'user': '', 'cart': cartj}
put('cart_file', 'cart.json', cf)
put('cart_file', 'cart_checkout.json', dict(cf, checkout={'fulfillment': 'delivery', 'address': 'home', 'tip': 2.5}))
put('cart_file', 'other_user.json', dict(cf, user='ada'))
put('cart_file', 'empty_cart.json', dict(cf, cart={'storeId': 's', 'catalogSetId': 'c', 'lineItems': []}))
# script: the offline scripts of tests/tui (the pizza catalog), without the lines the harness skips
i = 0
for f in ['menu', 'prices', 'resize', 'picker']:
    s = open('%s/tests/tui/%s.test' % (top, f)).read()
    for m in re.finditer(r"run_script \"\$PIZZA\"[^\n]*<<'SCRIPT'\n(.*?)\nSCRIPT", s, re.S):
        lines = [l for l in m.group(1).split('\n') if not re.match(r'\s*(dump|sleep|expect)', l)]
        put('script', '%s_%d' % (f, i), '\n'.join(lines) + '\n'); i += 1
put('script', 'keys', 'press <Down>*3 <Enter> <Tab> <S-Tab> <PgDn> <PgUp> <Home> <End> <C-l> <BS> <Space>\ntype "Large"\npress q\nwait\nquit\n')
