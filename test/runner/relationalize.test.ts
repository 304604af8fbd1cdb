/**
 * Relationalize (Relationalize.apply, DynamicFrame.relationalize) and unnest (UnnestFrame.apply, DynamicFrame.unnest).
 * Expected shapes come from AWS's printed outputs:
 *   - the AWS Glue developer guide, "Code example: Joining and relationalizing data" (awsdocs/aws-glue-developer-guide
 *     @c4620ef doc_source/aws-glue-programming-python-samples-legislators.md; the same text in awslabs/aws-glue-samples
 *     examples/join_and_relationalize.md): `l_history.relationalize("hist_root", …)` gives keys `hist_root` and
 *     `hist_root_contact_details` (one table per array field: `<root>_<field>`); Redshift's `\d hist_root_contact_details`
 *     lists `id bigint`, `index integer`, `contact_details.val.type`, `contact_details.val.value`, `\d hist_root` lists
 *     `contact_details bigint` beside the other fields; `select * from hist_root_contact_details where id = 10 or id =
 *     75 order by id, index` prints (0, fax, 202-224-6020), (1, phone, 202-224-3744), (2, twitter, ChuckGrassley) and
 *     (0, fax, 202-224-4680), (1, phone, 202-224-4642), (2, twitter, SenJackReed); "The id here is a foreign key into
 *     the hist_root table with the key contact_details" — the records below are those two legislators' (ids ours);
 *   - a public Glue job over tweets (GitHub, found by the search tool's find_string "tweets_relationized") that selects
 *     `root_entities.hashtags`, renames the root table's `entities.hashtags` (the key of an array inside a struct) and
 *     the table's `entities.hashtags.val.tag`, and joins `rootdf['hashtags_id'] == hashtagsdf['id']`;
 *   - the AWS Glue developer guide, "UnnestFrame class" (doc_source/aws-glue-api-crawler-pyspark-transforms-UnnestFrame.md
 *     @c4620ef): `UnnestFrame.apply(frame = dyf_unbox)` over `warehouse_loc`, `data {strawberry, pineapple, mango,
 *     pears}` prints the fields `warehouse_loc`, `data.strawberry`, `data.pineapple`, `data.mango`, `data.pears`.
 * The keys' values Glue generates are not documented (the guide's two outputs give id 10 to different legislators), so
 * the tests check what is: each record's key in the root table is the `id` of its elements' rows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jsonRows } from './harness';
import { bodyLine, GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

const PERSONS = [
  { id: 'p-grassley', given_name: 'Chuck', family_name: 'Grassley', contact_details: [{ type: 'fax', value: '202-224-6020' }, { type: 'phone', value: '202-224-3744' }, { type: 'twitter', value: 'ChuckGrassley' }] },
  { id: 'p-reed', given_name: 'Jack', family_name: 'Reed', contact_details: [{ type: 'fax', value: '202-224-4680' }, { type: 'phone', value: '202-224-4642' }, { type: 'twitter', value: 'SenJackReed' }] },
];
const TWEETS = [
  { id: 't1', lang: 'en', entities: { hashtags: [{ tag: 'glue', start: 0, end: 5 }, { tag: 'aws', start: 6, end: 10 }] } },
  { id: 't2', lang: 'fr', entities: { hashtags: [{ tag: 'spark', start: 0, end: 6 }] } },
];
const FRUIT = [{ warehouse_loc: 'north', data: { strawberry: 1, pineapple: 2, mango: 3 } }];

const read = (v: string, dir: string) =>
  `${v} = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/${dir}/"]}, transformation_ctx="${v}")\n`;
const sink = (frame: string, out: string) =>
  `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/${out}/"})\n`;

let p: ScriptProject;
const put = (key: string, rows: unknown[]) => p.target.storage.put(GS_BUCKET, key, Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n'));
const written = (out: string) => jsonRows(p.objects(`out/${out}`));

before(async () => {
  p = await glueStudioProject('lh-relationalize-');
  await put('persons/p.json', PERSONS);
  await put('tweets/t.json', TWEETS);
  await put('fruit/f.json', FRUIT);
  await put('emptyarr/e.json', [{ id: 'a', xs: [{ k: 1 }] }, { id: 'b', xs: [] }]);
  await put('scalars/s.json', [{ id: 'a', tags: ['x', 'y'] }]);
  await put('nested/n.json', [{ id: 'a', xs: [{ ys: [1, 2] }] }]);
  await put('twoarrays/t.json', [{ id: 'a', xs: [{ k: 1 }], ys: [{ k: 2 }] }]);
  await put('playlists/p.json', [
    { pid: 1, name: 'road', tracks: [{ track_uri: 'u1', track_name: 'One' }, { track_uri: 'u2', track_name: 'Two' }] },
    { pid: 2, name: 'calm', tracks: [{ track_uri: 'u3', track_name: 'Three' }] },
  ]);
  await put('choice/c.json', [{ id: 'a', c: 1 }, { id: 'b', c: { d: 2 } }]);
  // many records, each array holding values made of its own record's n: a key that joined the wrong record shows
  await put('many/m.json', Array.from({ length: 5000 }, (_, i) => ({ n: i % 2500, tag: i < 2500 ? 'a' : 'b', xs: [{ v: i }, { v: i + 100000 }] })));
});
after(() => p.close());

describe('Relationalize', () => {
  test("the guide's legislators: the root table keyed to hist_root_contact_details, whose rows are the array's elements", async () => {
    await p.runOk(
      'rel_legislators',
      `${read('persons', 'persons')}dfc = persons.relationalize("hist_root", "s3://${GS_BUCKET}/temp-dir/")
${sink('dfc.select("hist_root")', 'hist_root')}${sink('dfc.select("hist_root_contact_details")', 'hist_root_contact_details')}`,
    );
    const root = await written('hist_root');
    const details = await written('hist_root_contact_details');
    assert.deepEqual(root.map((r) => Object.keys(r).sort()), [0, 1].map(() => ['contact_details', 'family_name', 'given_name', 'id']));
    assert.ok(details.every((r) => Object.keys(r).sort().join() === 'contact_details.val.type,contact_details.val.value,id,index'));
    const of = (family: string) => {
      const key = root.find((r) => r['family_name'] === family)!['contact_details'];
      assert.equal(typeof key, 'number');
      return details
        .filter((d) => d['id'] === key)
        .sort((a, b) => Number(a['index']) - Number(b['index']))
        .map((d) => [d['index'], d['contact_details.val.type'], d['contact_details.val.value']]);
    };
    assert.deepEqual(of('Grassley'), [[0, 'fax', '202-224-6020'], [1, 'phone', '202-224-3744'], [2, 'twitter', 'ChuckGrassley']]);
    assert.deepEqual(of('Reed'), [[0, 'fax', '202-224-4680'], [1, 'phone', '202-224-4642'], [2, 'twitter', 'SenJackReed']]);
  });

  test('Relationalize.apply (name defaults to roottable) and SelectFromCollection; an array inside a struct keyed under its path', async () => {
    await p.runOk(
      'rel_tweets',
      `${read('tweets', 'tweets')}dfc = Relationalize.apply(frame=tweets, staging_path="s3://${GS_BUCKET}/temp-dir/", transformation_ctx="dfc")
${sink('SelectFromCollection.apply(dfc=dfc, key="roottable")', 'tweets_root')}${sink('dfc["roottable_entities.hashtags"]', 'tweets_hashtags')}`,
    );
    const root = await written('tweets_root');
    const tags = await written('tweets_hashtags');
    assert.deepEqual(Object.keys(root[0]!).sort(), ['entities.hashtags', 'id', 'lang']);
    assert.deepEqual(Object.keys(tags[0]!).sort(), ['entities.hashtags.val.end', 'entities.hashtags.val.start', 'entities.hashtags.val.tag', 'id', 'index']);
    const tagsOf = (id: string) => {
      const key = root.find((r) => r['id'] === id)!['entities.hashtags'];
      return tags.filter((t) => t['id'] === key).map((t) => t['entities.hashtags.val.tag']).sort();
    };
    assert.deepEqual(tagsOf('t1'), ['aws', 'glue']);
    assert.deepEqual(tagsOf('t2'), ['spark']);
  });

  test('the keys of a collection with one array table, learnt from the data: the root table first, as the loop of the guide writes them', async () => {
    const r = await p.runOk(
      'rel_keys',
      `${read('persons', 'persons')}dfc = persons.relationalize("keys_root", "s3://${GS_BUCKET}/temp-dir/")
print(dfc.keys())
for df_name in dfc.keys():
    ${sink('dfc.select(df_name)', '" + df_name + "')}`,
    );
    // aws-glue-libs awsglue/dynamicframe.py: DynamicFrameCollection.keys returns `self._df_dict.keys()`, which Python
    // prints as dict_keys([…]); the root first, as a public script's comment prints `dict_keys(["root", "root_customers"])`
    assert.deepEqual(await p.printed('rel_keys', r.id, bodyLine(3)), ["dict_keys(['keys_root', 'keys_root_contact_details'])"]);
    assert.equal((await written('keys_root')).length, 2);
    assert.equal((await written('keys_root_contact_details')).length, 6);
  });

  test("each record's key finds its own elements, over 5,000 records read in parallel", async () => {
    await p.runOk('rel_many', `${read('many', 'many')}dfc = many.relationalize("m", "s3://gs-test/tmp/")\n${sink('dfc.select("m")', 'many_root')}${sink('dfc.select("m_xs")', 'many_xs')}`);
    const root = await written('many_root');
    const xs = new Map<unknown, number[]>();
    for (const r of await written('many_xs')) xs.set(r['id'], [...(xs.get(r['id']) ?? []), Number(r['xs.val.v'])]);
    assert.equal(root.length, 5000);
    assert.equal(new Set(root.map((r) => r['xs'])).size, 5000, 'a key per record');
    for (const r of root) {
      const i = Number(r['n']) + (r['tag'] === 'b' ? 2500 : 0);
      assert.deepEqual(xs.get(r['xs'])!.sort((a, b) => a - b), [i, i + 100000]);
    }
  });

  test("a public job's use: Join the root table's key with the array table's id, then ApplyMapping of `tracks.val.…`", async () => {
    // the shape of a public Glue job over playlists (GitHub, found by find_string 'relationalize("root"'): Join.apply(
    // dfc.select("root"), dfc.select("root_tracks"), "tracks", "id") and ApplyMapping of "`tracks.val.track_uri`"
    await p.runOk(
      'rel_join',
      `${read('playlists', 'playlists')}dfc = playlists.relationalize("root", "s3://gs-test/tmp/")
tracks_dirty = Join.apply(dfc.select("root"), dfc.select("root_tracks"), "tracks", "id")
tracks = ApplyMapping.apply(tracks_dirty, [("pid", "int", "playlist_id", "int"), ("name", "string", "playlist_name", "string"), ("\`tracks.val.track_uri\`", "string", "track_id", "string"), ("\`tracks.val.track_name\`", "string", "track_name", "string")])
${sink('tracks', 'rel_join')}`,
    );
    // ApplyMapping gives the fields an order of the script's own: a CSV sink of them runs
    await p.runOk('rel_join_csv', `${read('playlists', 'playlists')}root = playlists.relationalize("root", "s3://gs-test/tmp/").select("root")
glueContext.write_dynamic_frame.from_options(frame=ApplyMapping.apply(frame=root, mappings=[("pid", "int", "pid", "int"), ("name", "string", "name", "string")]), connection_type="s3", format="csv", connection_options={"path": "s3://gs-test/out/rel_join_csv/"})
`);
    assert.deepEqual((await p.writtenLines('out/rel_join_csv')).sort(), ['1,road', '2,calm', 'pid,name']);
    const rows = (await written('rel_join')).map((r) => [r['playlist_id'], r['playlist_name'], r['track_id'], r['track_name']]).sort();
    assert.deepEqual(rows, [[1, 'road', 'u1', 'One'], [1, 'road', 'u2', 'Two'], [2, 'calm', 'u3', 'Three']]);
  });

  test('select() of a table the data does not have gives an empty DynamicFrame (aws-glue-libs DynamicFrameCollection.select)', async () => {
    await p.runOk('rel_select_missing', `${read('persons', 'persons')}${sink('persons.relationalize("root", "s3://gs-test/tmp/").select("root_links")', 'rel_missing')}`);
    assert.deepEqual(await written('rel_missing'), []);
  });

  const refused: [string, string, RegExp][] = [
    [
      'a record whose array is empty (what the root table holds for it is not documented)',
      `${read('e', 'emptyarr')}${sink('e.relationalize("root", "s3://gs-test/tmp/").select("root")', 'x')}`,
      /relationalize of the array xs cannot run on the local engine: 1 record has no value for it \(null or absent\) or an empty array/,
    ],
    [
      "the table of an array of scalars (the name of the element's column is not documented)",
      `${read('s', 'scalars')}${sink('s.relationalize("root", "s3://gs-test/tmp/").select("root_tags")', 'x')}`,
      /relationalize of the array tags cannot run on the local engine: its elements are not structs/,
    ],
    [
      "an array inside an array's elements",
      `${read('n', 'nested')}${sink('n.relationalize("root", "s3://gs-test/tmp/").select("root")', 'x')}`,
      /relationalize of the array xs\.val\.ys cannot run on the local engine: it is inside the elements of xs/,
    ],
    [
      'the keys of a collection of several array tables (their order is not documented)',
      `${read('two', 'twoarrays')}dfc = two.relationalize("root", "s3://gs-test/tmp/")\nfor k in dfc.keys():\n    ${sink('dfc.select(k)', 'x')}`,
      /DynamicFrameCollection\.keys cannot run on the local engine: the collection DynamicFrame\.relationalize returns holds the root table and 2 array tables \("root_xs", "root_ys"\), in an order Glue does not document/,
    ],
    [
      'a field whose values are sometimes structs (a ChoiceType)',
      `${read('c', 'choice')}${sink('c.relationalize("root", "s3://gs-test/tmp/").select("root")', 'x')}`,
      /relationalize of c cannot run on the local engine: its values have several types \(int and struct: a ChoiceType\)/,
    ],
    [
      'a staging path in a bucket that does not exist (S3 answers NoSuchBucket to Glue\'s writes there)',
      `${read('persons', 'persons')}${sink('persons.relationalize("root", "s3://no-such-bucket/tmp/").select("root")', 'x')}`,
      /DynamicFrame\.relationalize stages its pivoted tables under s3:\/\/no-such-bucket\/tmp\/ \("Pivoted tables are read back from this path"\), whose bucket "no-such-bucket" does not exist/,
    ],
    [
      "a CSV sink of the root table's fields in their order there (not documented: the guide's hist_root lists them in another order than its input's)",
      `${read('persons', 'persons')}glueContext.write_dynamic_frame.from_options(frame=persons.relationalize("root", "s3://gs-test/tmp/").select("root"), connection_type="s3", format="csv", connection_options={"path": "s3://gs-test/out/x/"})\n`,
      /the sink writes CSV, whose columns are read by position, with the fields of the root table DynamicFrame\.relationalize made at line \d+ \(id, given_name, family_name, contact_details\) in their order there, which Glue does not document/,
    ],
    [
      "show() of the root table (its fields' order there is not documented)",
      `${read('persons', 'persons')}persons.relationalize("root", "s3://gs-test/tmp/").select("root").show()\n`,
      /the line prints the fields of the root table DynamicFrame\.relationalize made at line \d+ \(id, given_name, family_name, contact_details\) in their order there, which Glue does not document/,
    ],
    [
      "toDF(names) of the root table (names given by position, in the fields' undocumented order there)",
      `${read('persons', 'persons')}df = persons.relationalize("root", "s3://gs-test/tmp/").select("root").toDF().toDF("a", "b", "c", "d")\n${sink('DynamicFrame.fromDF(df, glueContext, "x")', 'x')}`,
      /toDF\("a", "b", "c", "d"\) cannot run on the local engine: it takes the fields of the root table DynamicFrame\.relationalize made at line \d+ \(id, given_name, family_name, contact_details\) by position/,
    ],
    [
      'Relationalize.apply without staging_path (Glue then needs the job\'s --TempDir)',
      `${read('persons', 'persons')}${sink('Relationalize.apply(frame=persons, name="root").select("root")', 'x')}`,
      /Relationalize\.apply without staging_path cannot run on the local engine: Glue then stages the pivoted tables under the job's --TempDir argument/,
    ],
    [
      'a key naming no array field (KeyError on Glue)',
      `${read('persons', 'persons')}${sink('persons.relationalize("root", "s3://gs-test/tmp/")["root_links"]', 'x')}`,
      /the collection has no frame "root_links" \(KeyError on Glue\): the frame has no array field links; its tables: "root", "root_contact_details"/,
    ],
  ];
  for (const [what, body, message] of refused)
    test(`refused by name: ${what}`, async () => {
      const r = await p.run(`rel_refused_${what.replace(/\W+/g, '_').slice(0, 24)}`, body);
      assert.equal(r.state, 'FAILED');
      assert.match(r.errorMessage ?? '', message);
    });
});

describe('unnest', () => {
  test("the UnnestFrame page's example: the struct data becomes data.strawberry, data.pineapple, data.mango", async () => {
    await p.runOk('unnest_fruit', `${read('fruit', 'fruit')}${sink('UnnestFrame.apply(frame=fruit)', 'unnest_a')}${sink('fruit.unnest()', 'unnest_b')}`);
    for (const out of ['unnest_a', 'unnest_b']) assert.deepEqual(await written(out), [{ warehouse_loc: 'north', 'data.strawberry': 1, 'data.pineapple': 2, 'data.mango': 3 }]);
  });

  test('unnest_ddb_json and simplify_ddb_json are refused by name (their DynamicFrame output is not documented)', async () => {
    for (const m of ['unnest_ddb_json', 'simplify_ddb_json']) {
      const r = await p.run(`ddb_${m}`, `${read('fruit', 'fruit')}${sink(`fruit.${m}()`, 'x')}`);
      assert.equal(r.state, 'FAILED');
      assert.match(r.errorMessage ?? '', new RegExp(`DynamicFrame\\.${m} cannot run on the local engine: which field and type ${m} gives each DynamoDB type`));
    }
  });

  test('an array field is refused by name: what unnest leaves in it is not documented', async () => {
    const r = await p.run('unnest_array', `${read('persons', 'persons')}${sink('persons.unnest()', 'x')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /unnest of the array field contact_details cannot run on the local engine/);
  });
});
