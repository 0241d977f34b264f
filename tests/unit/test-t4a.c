/*
 * test-t4a: text helpers, the readiness rule, payer checks, the yearly
 * totals and their edges (threshold, year boundaries, voids,
 * reimbursements), the XML return and the statement.
 *
 * Payments are written with SQL straight into the store: this tests the
 * reading side, whatever writes the payments.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "peerkit.h"
#include "tap.h"

static char dir[] = "/tmp/pk-t4a-XXXXXX";
static char *db, *cfgpath;
static struct pk_config cfg;

static const char config_yaml[] =
    "payer:\n"
    "  name: Example Harm Reduction Society\n"
    "  account_number: 123456789rp0001\n"
    "  address: {line1: 1 Main St, city: Vancouver, province: BC,\n"
    "    postal_code: V6A 1A1}\n"
    "  contact: {name: Jane Doe, phone: (604) 555-1234 x56,\n"
    "    email: jane@example.org}\n";

static void
test_cut(void)
{
	char buf[64];

	is_int(pk_utf8_cut(buf, sizeof buf, "Smithsonian-Longfellow", 20), 20,
	    "cut to 20 characters");
	is_str(buf, "Smithsonian-Longfell", "the first 20");
	pk_utf8_cut(buf, sizeof buf, "Élodie-Marguerite", 12);
	is_str(buf, "Élodie-Margu", "12 characters, 13 bytes");
	pk_utf8_cut(buf, sizeof buf, "ÉÉÉ", 2);
	is_str(buf, "ÉÉ", "never half a character");
	pk_utf8_cut(buf, 4, "ÉÉÉ", 3);
	is_str(buf, "É", "nor when the buffer is short");
	pk_utf8_cut(buf, sizeof buf, "  12 Lake Rd   Unit 4", 12);
	is_str(buf, "12 Lake Rd", "blanks trimmed at both ends");
	pk_utf8_cut(buf, sizeof buf, "   ", 5);
	is_str(buf, "", "blank is empty");
}

static char *
xml_of(const char *s)
{
	char *out = NULL;
	size_t len;
	FILE *fp = open_memstream(&out, &len);

	pk_markup_text(fp, s, PK_MARKUP_XML);
	fclose(fp);
	return out;
}

static void
test_escape(void)
{
	char *s;

	s = xml_of("Smith & Sons <\"Ltd\"> 'x'");
	is_str(s, "Smith &amp; Sons &lt;&quot;Ltd&quot;&gt; &apos;x&apos;",
	    "the five XML specials");
	free(s);
	s = xml_of("a\001b\x7f" "c\td");
	is_str(s, "a b c\td", "controls XML cannot carry become spaces");
	free(s);
	s = xml_of("Gaétan Œ");
	is_str(s, "Gaétan Œ", "UTF-8 passes through");
	free(s);
}

static void
test_phone(void)
{
	char area[4], num[9], ext[8];

	ok(pk_phone_split("604-555-1234", area, num, ext), "604-555-1234");
	is_str(area, "604", "area code");
	is_str(num, "555-1234", "number as the schema wants it");
	is_str(ext, "", "no extension");
	ok(pk_phone_split("+1 (250) 555 0100 ext. 12", area, num, ext),
	    "+1, parentheses, an extension");
	is_str(area, "250", "area code after +1");
	is_str(num, "555-0100", "number");
	is_str(ext, "12", "extension");
	ok(pk_phone_split("6045551234x7", area, num, ext), "digits only");
	ok(!pk_phone_split("555-1234", area, num, ext), "seven digits refused");
	ok(!pk_phone_split("604-555-12345", area, num, ext),
	    "eleven digits not starting with 1 refused");
	ok(!pk_phone_split("604-555-1234 x12345678", area, num, ext),
	    "an extension over 7 digits refused");
	ok(!pk_phone_split("604#555#1234", area, num, ext), "odd characters");
}

static void
test_ref(void)
{
	ok(pk_t4a_ref_ok("26ABC123"), "8 letters and digits");
	ok(!pk_t4a_ref_ok("a"), "one: the CRA asks for exactly 8");
	ok(!pk_t4a_ref_ok("26ABC12"), "seven");
	ok(!pk_t4a_ref_ok(""), "empty");
	ok(!pk_t4a_ref_ok("123456789"), "nine");
	ok(!pk_t4a_ref_ok("26-ABC"), "a dash");
	ok(!pk_t4a_ref_ok("26ÉA"), "non-ASCII");
}

/* The one readiness rule: white space is no surname, no SIN, no
 * address; the text is what honorarium-pay's warning says. */
static void
test_missing(void)
{
	struct pk_peer p = {0};
	char buf[PK_T4A_MISSING_BUFSZ];

	is_int(pk_t4a_missing(&p), PK_T4A_NO_SURNAME | PK_T4A_NO_SIN |
	    PK_T4A_NO_ADDRESS, "nothing on file: all three");
	is_str(pk_t4a_missing_text(pk_t4a_missing(&p), buf, sizeof buf),
	    "legal surname, SIN, address", "in words");
	p.surname = "Lee";
	p.sin = "130692544";
	p.address_line1 = "1 Main St";
	p.city = "Kelowna";
	p.province = "BC";
	p.postal_code = "V1Y 1A1";
	is_int(pk_t4a_missing(&p), 0, "everything: nothing missing");
	is_str(pk_t4a_missing_text(0, buf, sizeof buf), "", "no words");
	p.surname = "   ";
	is_int(pk_t4a_missing(&p), PK_T4A_NO_SURNAME, "a surname of spaces "
	    "is missing");
	is_str(pk_t4a_missing_text(pk_t4a_missing(&p), buf, sizeof buf),
	    "legal surname", "as the legal surname");
	p.surname = "Lee";
	p.province = "\t";
	is_int(pk_t4a_missing(&p), PK_T4A_NO_ADDRESS, "a blank province: no "
	    "full address");
	p.sin = "";
	is_str(pk_t4a_missing_text(pk_t4a_missing(&p), buf, sizeof buf),
	    "SIN, address", "SIN and address");
	is_str(pk_t4a_missing_text(PK_T4A_NO_SURNAME | PK_T4A_NO_ADDRESS, buf,
	    sizeof buf), "legal surname, address", "surname and address");
	p.sin = "130692544";
	p.country = "USA";
	p.province = "WA";
	p.postal_code = NULL;
	is_int(pk_t4a_missing(&p), PK_T4A_NO_ADDRESS, "USA: a ZIP code is "
	    "needed");
	p.postal_code = "98101";
	is_int(pk_t4a_missing(&p), 0, "USA: state and ZIP");
	p.country = "FRA";
	p.province = NULL;
	p.postal_code = NULL;
	is_int(pk_t4a_missing(&p), 0, "another country: no province (ZZ) nor "
	    "postal code needed");
	p.city = NULL;
	is_int(pk_t4a_missing(&p), PK_T4A_NO_ADDRESS, "but a city");
}

static void
cra_is(const char *in, int kind, const char *want, const char *what)
{
	bool mapped;
	char *got = pk_cra_text(in, kind, &mapped);

	is_str(got, want, what);
	is_int(mapped, strcmp(in, want) != 0 && !strstr(what, "spaces only"),
	    "mapped says so");
	free(got);
}

static void
test_cra_text(void)
{
	ok(pk_cra_text(NULL, PK_CRA_NAME, NULL) == NULL, "NULL in, NULL out");
	cra_is("  Li   Wong ", PK_CRA_NAME, "Li Wong", "spaces only: not mapped");
	cra_is("Élodie Gaétan-Côté", PK_CRA_NAME, "Élodie Gaétan-Côté",
	    "French accents stay");
	cra_is("Łukasiewicz Øyvind Ñúñez", PK_CRA_NAME, "Lukasiewicz Oyvind "
	    "Nunez", "other accents and strokes: the letter");
	cra_is("Strauß Æbelø Cœur IJssel", PK_CRA_NAME, "Strauss AEbelo Coeur "
	    "IJssel", "two-letter mappings");
	cra_is("O\"Neil <Sr>", PK_CRA_NAME, "O'Neil Sr",
	    "a double quote to ', angle brackets to a space");
	cra_is("D\xe2\x80\x99" "Arcy \xe2\x80\x94 Jr", PK_CRA_NAME, "D'Arcy - Jr",
	    "curly apostrophe to ', a dash to -");
	cra_is("O'Brien & Sons. Smith-Jones", PK_CRA_NAME,
	    "O'Brien & Sons. Smith-Jones", "' & . - are names' own");
	cra_is("Unit 4, #5 / Rear; (back)", PK_CRA_NAME, "Unit 4 5 Rear back",
	    "no comma, # / ; ( ) in a name");
	cra_is("Unit 4, #5 / Rear", PK_CRA_ADDRESS, "Unit 4 #5 / Rear",
	    "# and / in an address; no comma");
	cra_is("Ame\xcc\x81lie", PK_CRA_NAME, "Amelie",
	    "a combining accent is dropped");
	cra_is("  Li  \xe6\x9d\x8e  ", PK_CRA_NAME, "Li",
	    "a CJK character is a space; spaces single, none at the ends");
	cra_is("\xf0\x9f\x98\x80", PK_CRA_NAME, "", "an emoji: nothing left");
}

static void
test_payer(void)
{
	struct pk_config c;
	char *saved;

	is_int(pk_t4a_payer_check(&cfg, true), 0, "the test payer is complete");
	c = cfg;
	saved = c.payer.account_number;
	c.payer.account_number = (char *)"";
	is_int(pk_t4a_payer_check(&c, true), PK_EX_CONFIG, "no account number");
	ok(strstr(pk_errmsg(), "payer.account_number: not set") != NULL,
	    "names the key");
	ok(strstr(pk_errmsg(), cfgpath) != NULL, "and the file");
	is_int(pk_t4a_payer_check(&c, false), 0, "a statement does not need it");
	c.payer.account_number = (char *)"123456789RT0001";
	is_int(pk_t4a_payer_check(&c, true), PK_EX_CONFIG, "RT is not RP");
	ok(strstr(pk_errmsg(), "payer.account_number: \"123456789RT0001\" is "
	    "not nine digits, RP and four digits") != NULL, "says what it wants");
	c.payer.account_number = (char *)"12345678RP00011";
	is_int(pk_t4a_payer_check(&c, true), PK_EX_CONFIG, "eight digits");
	c.payer.account_number = saved;
	c.payer.contact_phone = (char *)"555-1234";
	is_int(pk_t4a_payer_check(&c, true), PK_EX_CONFIG, "a short phone");
	ok(strstr(pk_errmsg(), "payer.contact.phone") != NULL, "names the key");
	c = cfg;
	c.payer.city = NULL;
	is_int(pk_t4a_payer_check(&c, true), PK_EX_CONFIG, "no city");
	ok(strstr(pk_errmsg(), "payer.address.city: not set") != NULL,
	    "names the key");
	c = cfg;
	c.payer.name = (char *)"The Very Long Name Society of Harm Reduction "
	    "Workers and Peers of the Lower Mainland and the Islands";
	is_int(pk_t4a_payer_check(&c, true), PK_EX_CONFIG,
	    "a name over three lines of 30");
	c.payer.name = (char *)"Vancouver Area Network of Drug Users Society";
	is_int(pk_t4a_payer_check(&c, true), 0, "two lines are fine");
	c.payer.name = NULL;
	is_int(pk_t4a_payer_check(&c, false), PK_EX_CONFIG,
	    "a statement needs the payer's name");
	c = cfg;
	c.payer.contact_email = (char *)"jane at example";
	is_int(pk_t4a_payer_check(&c, true), PK_EX_CONFIG, "a bad email");
}

static int64_t
add_peer(pk_store *s, const char *json)
{
	struct pk_peer p = {0};
	json_t *rec = json_loads(json, 0, NULL);
	int64_t id = -1;

	if (rec && pk_peer_apply(&cfg, &p, rec) == 0 && pk_peer_insert(s, &p) == 0)
		id = p.id;
	json_decref(rec);
	pk_peer_free(&p);
	return id;
}

static void
pay(sqlite3 *raw, int64_t peer, const char *date, int64_t cents,
    const char *kind, const char *status)
{
	static int n;
	sqlite3_stmt *st;
	char uuid[37];

	pk_uuid(uuid);
	sqlite3_prepare_v2(raw, "INSERT INTO payments (uuid, peer_id, date, "
	    "amount, method, kind, status, created_at, updated_at) VALUES "
	    "(?, ?, ?, ?, 'cash', ?, ?, 'now', 'now')", -1, &st, NULL);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, peer);
	sqlite3_bind_text(st, 3, date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, cents);
	sqlite3_bind_text(st, 5, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, status, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		printf("# insert %d: %s\n", n, sqlite3_errmsg(raw));
	sqlite3_finalize(st);
	n++;
}

/* Peers 1..5 and their year 2026:
 * 1 Raven   exactly 500.00 in two payments, plus a void 100.00: no slip
 * 2 Kestrel 500.01, complete: a slip, ready
 * 3 Moss    700.00 (+ 90.00 transit, + 2025-12-31 and 2027-01-01 pay)
 * 4 Wren    only reimbursements
 * 5 Sage    600.00, no surname */
static void
make_store(void)
{
	pk_store *s;
	sqlite3 *raw;

	if (pk_store_open(&s, db, PK_STORE_WRITE) != 0) {
		printf("# %s\n", pk_errmsg());
		exit(1);
	}
	is_int(add_peer(s, "{\"alias\":\"Raven\"}"), 1, "peer 1");
	is_int(add_peer(s, "{\"alias\":\"Kestrel\",\"surname\":\"O'Brien & <Sons>\","
	    "\"given_name\":\"Élodie-Marguerite\",\"initial\":\"É\","
	    "\"sin\":\"130 692 544\",\"address_line1\":\"12 Lake Rd\","
	    "\"city\":\"Kelowna\",\"province\":\"BC\",\"postal_code\":\"V1Y1A1\"}"),
	    2, "peer 2");
	is_int(add_peer(s, "{\"alias\":\"Moss\",\"surname\":\"Green\","
	    "\"sin_requested\":[\"2026-01-15\",\"2026-02-01\"]}"), 3, "peer 3");
	is_int(add_peer(s, "{\"alias\":\"Wren\"}"), 4, "peer 4");
	is_int(add_peer(s, "{\"alias\":\"Sage\",\"sin\":\"271 828 188\"}"),
	    5, "peer 5");
	pk_store_close(s);
	sqlite3_open(db, &raw);
	pay(raw, 1, "2026-01-01", 30000, "honorarium", "paid");
	pay(raw, 1, "2026-12-31", 20000, "honorarium", "paid");
	pay(raw, 1, "2026-06-01", 10000, "honorarium", "void");
	pay(raw, 2, "2026-03-01", 50001, "honorarium", "paid");
	pay(raw, 3, "2026-05-01", 70000, "honorarium", "paid");
	pay(raw, 3, "2026-05-01", 9000, "reimbursement", "paid");
	pay(raw, 3, "2025-12-31", 99999, "honorarium", "paid");
	pay(raw, 3, "2027-01-01", 99999, "honorarium", "paid");
	pay(raw, 4, "2026-04-01", 90000, "reimbursement", "paid");
	pay(raw, 5, "2026-07-01", 60000, "honorarium", "paid");
	sqlite3_close(raw);
}

struct seen {
	size_t n;
	int64_t ids[8], totals[8];
	bool required[8], ready[8];
	unsigned missing[8];
	json_t *json[8];
};

static int
collect(const struct pk_t4a *t, void *arg)
{
	struct seen *sn = arg;

	if (sn->n == 8)
		return 99;
	sn->ids[sn->n] = t->peer.id;
	sn->totals[sn->n] = t->total;
	sn->required[sn->n] = t->required;
	sn->ready[sn->n] = pk_t4a_ready(t);
	sn->missing[sn->n] = t->missing;
	sn->json[sn->n] = pk_t4a_json(t);
	sn->n++;
	return 0;
}

static void
seen_free(struct seen *sn)
{
	size_t i;

	for (i = 0; i < sn->n; i++)
		json_decref(sn->json[i]);
}

static void
test_each(pk_store *s)
{
	struct seen sn = {0};
	char *j;

	is_int(pk_t4a_each(s, &cfg, 2026, true, collect, &sn), 0, "all of 2026");
	is_int(sn.n, 4, "four peers had taxable payments");
	is_int(sn.ids[0], 1, "in id order: Raven");
	is_int(sn.totals[0], 50000, "two payments, the void left out");
	ok(!sn.required[0], "exactly 500.00 needs no slip");
	ok(sn.ready[0], "so nothing stands in the way");
	is_int(sn.missing[0], PK_T4A_NO_SURNAME | PK_T4A_NO_SIN |
	    PK_T4A_NO_ADDRESS, "though everything is missing");
	is_int(sn.totals[1], 50001, "Kestrel 500.01");
	ok(sn.required[1] && sn.ready[1], "needs a slip and is ready");
	is_int(sn.totals[2], 70000, "Moss: the reimbursement and other years "
	    "left out");
	ok(sn.required[2] && !sn.ready[2], "needs a slip, not ready");
	is_int(sn.ids[3], 5, "Wren had only reimbursements: not listed");
	is_int(sn.missing[3], PK_T4A_NO_SURNAME | PK_T4A_NO_ADDRESS,
	    "Sage lacks surname and address");
	j = json_dumps(sn.json[2], JSON_COMPACT);
	ok(j && strstr(j, "\"year\":2026,\"payments\":1,\"total\":\"700.00\","
	    "\"slip_required\":true,\"ready\":false,\"missing\":[\"sin\","
	    "\"address\"],\"sin_requested\":[\"2026-01-15\",\"2026-02-01\"]}"),
	    "the JSON record");
	free(j);
	ok(json_object_get(sn.json[1], "sin") == NULL, "no SIN in the JSON");
	seen_free(&sn);
	memset(&sn, 0, sizeof sn);
	is_int(pk_t4a_each(s, &cfg, 2026, false, collect, &sn), 0,
	    "required slips only");
	is_int(sn.n, 3, "Kestrel, Moss, Sage");
	seen_free(&sn);
	memset(&sn, 0, sizeof sn);
	is_int(pk_t4a_each(s, &cfg, 2024, true, collect, &sn), 0, "an empty year");
	is_int(sn.n, 0, "nothing");
	cfg.t4a_threshold = 69999;
	memset(&sn, 0, sizeof sn);
	pk_t4a_each(s, &cfg, 2026, false, collect, &sn);
	is_int(sn.n, 1, "the threshold comes from config");
	seen_free(&sn);
	cfg.t4a_threshold = 50000;
	memset(&sn, 0, sizeof sn);
	is_int(pk_t4a_each(s, &cfg, 2026, true, collect, &sn), 0, "again");
	seen_free(&sn);
}

static char *
xml_for(pk_store *s, struct pk_t4a_return *r, int *rc)
{
	char *out = NULL;
	size_t len;
	FILE *fp = open_memstream(&out, &len);

	*rc = pk_t4a_xml(s, &cfg, r, fp);
	fclose(fp);
	return out;
}

static void
test_xml(pk_store *s, sqlite3 *raw)
{
	struct pk_t4a_return r = { .year = 2026 };
	char *x, *y, *name, ref[9];
	int rc;

	x = xml_for(s, &r, &rc);
	is_int(rc, PK_EX_DATAERR, "a required slip without a surname");
	ok(strstr(pk_errmsg(), "1 required slip without a legal surname (in "
	    "Latin letters, as the CRA's return takes it), or with its SIN on "
	    "two records, cannot be filed: peer 5 (Sage)") != NULL,
	    "names the peer");
	is_str(x, "", "and nothing is written");
	free(x);
	sqlite3_exec(raw, "UPDATE peers SET surname = 'Sagebrush' WHERE id = 5",
	    NULL, NULL, NULL);
	x = xml_for(s, &r, &rc);
	is_int(rc, 0, "with a surname");
	is_int(r.slips, 3, "three slips");
	is_int(r.total, 50001 + 70000 + 60000, "the total is their sum");
	ok(strstr(x, "<rpt_tot_fee_srvc_amt>1800.01</rpt_tot_fee_srvc_amt>") !=
	    NULL, "in the summary, box 048");
	ok(strstr(x, "<fee_or_oth_srvc_amt>500.01</fee_or_oth_srvc_amt>") !=
	    NULL, "each slip in T4A_AMT");
	ok(strstr(x, "<snm>O&apos;Brien &amp; Sons</snm>"), "escaped, < > "
	    "mapped to spaces");
	ok(strstr(x, "<gvn_nm>Élodie-Margu</gvn_nm>"), "given name cut to 12");
	ok(strstr(x, "<init>É</init>"), "a non-ASCII initial");
	ok(strstr(x, "<sin>000000000</sin>"), "no SIN: zeros");
	ok(strstr(x, "<bn>123456789RP0001</bn>"), "account number upper-cased");
	ok(strstr(x, "<bn15>123456789RP0001</bn15>"), "the transmitter is the "
	    "payer's account");
	ok(strstr(x, "<summ_cnt>1</summ_cnt>"), "one summary");
	ok(strstr(x, "<cntc_extn_nbr>56</cntc_extn_nbr>"), "the extension");
	ok(strstr(x, "<slp_cnt>3</slp_cnt>"), "slip count");
	ok(strstr(x, "<rpt_tcd>O</rpt_tcd>") && !strstr(x, "<rpt_tcd>A"),
	    "an original return");
	ok(strstr(x, "<rcpnt_nbr>3</rcpnt_nbr>"), "the peer id as recipient "
	    "number");
	ok(!strstr(x, "<addr_l1_txt>1 Main St</addr_l1_txt>\n        </RCPNT"),
	    "the payer's address is not a recipient's");
	memcpy(ref, strstr(x, "<sbmt_ref_id>") + 13, 8);
	ref[8] = '\0';
	ok(ref[0] == '2' && ref[1] == '6' && pk_t4a_ref_ok(ref),
	    "derived reference: 26 and six letters or digits");
	y = xml_for(s, &r, &rc);
	is_str(y, x, "the same store gives the same file");
	free(y);
	ok(!r.on_file && r.pending == 0, "nothing on file, nothing pending");
	r.amend = true;
	y = xml_for(s, &r, &rc);
	is_int(rc, PK_EX_DATAERR, "no amendment without a filing recorded");
	ok(strstr(pk_errmsg(), "2026: no T4A slip is recorded as filed") != NULL,
	    "says so");
	is_str(y, "", "and writes nothing");
	free(y);
	r.amend = false;
	r.ref = "MYREF123";
	y = xml_for(s, &r, &rc);
	ok(strstr(y, "<sbmt_ref_id>MYREF123</sbmt_ref_id>"), "a given reference");
	free(y);
	free(x);
	memcpy(cfg.t4a_box, "028", 4);
	r.amend = false;
	r.ref = NULL;
	x = xml_for(s, &r, &rc);
	ok(strstr(x, "<OTH_INFO>\n          <oth_incamt>700.00</oth_incamt>\n"
	    "        </OTH_INFO>"), "box 028: OTH_INFO/oth_incamt");
	ok(strstr(x, "<rpt_tot_oth_info_amt>1800.01</rpt_tot_oth_info_amt>"),
	    "summed in rpt_tot_oth_info_amt");
	ok(!strstr(x, "T4A_AMT"), "and no T4A_AMT");
	free(x);
	memcpy(cfg.t4a_box, "048", 4);
	name = cfg.payer.name;
	cfg.payer.name = (char *)"Vancouver Area Network of Drug Users Society";
	x = xml_for(s, &r, &rc);
	ok(strstr(x, "<PAYR_NM>\n          <l1_nm>Vancouver Area Network of "
	    "Drug</l1_nm>\n          <l2_nm>Users Society</l2_nm>"),
	    "a long payer name on lines of 30, broken between words");
	ok(strstr(x, "<TransmitterName>\n      <l1_nm>Vancouver Area Network "
	    "of Drug</l1_nm>"), "the transmitter name: what fits in 35, "
	    "between words");
	free(x);
	cfg.payer.name = name;
	r.year = 2024;
	x = xml_for(s, &r, &rc);
	is_int(rc, 0, "a year without slips");
	is_int(r.slips, 0, "no slip");
	is_str(x, "", "no return written");
	free(x);
	r.year = 1965;
	x = xml_for(s, &r, &rc);
	is_int(rc, PK_EX_USAGE, "the CRA's years start in 1966");
	free(x);
}

/* Write the return and record it, in one transaction. */
static char *
file_it(pk_store *w, struct pk_t4a_return *r, int *rc)
{
	char *x;

	r->record = true;
	if (pk_store_begin(w) != 0)
		return NULL;
	x = xml_for(w, r, rc);
	if (*rc == 0)
		*rc = pk_store_commit(w);
	else
		pk_store_rollback(w);
	r->record = false;
	return x;
}

static int64_t
count_rows(sqlite3 *raw, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(raw, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Characters in the first amendment note of x, -1 if there is none. */
static long
note_of(const char *x)
{
	const char *p = x ? strstr(x, "<fileramendmentnote>") : NULL;
	long n = 0;

	if (!p)
		return -1;
	for (p += 20; *p && *p != '<'; p++)
		n += ((unsigned char)*p & 0xc0) != 0x80;
	return n;
}

/* Kestrel 500.01, Moss 700.00 (no SIN), Sage 600.00 on file; then Moss
 * gives a SIN, Kestrel's payment is voided, Sage is paid 50.00 more and
 * Raven 0.01 more (a new slip). */
/* A peer's SIN changed behind the tools' back, sealed as they would. */
static void
set_sin(pk_store *w, sqlite3 *raw, int64_t id, const char *sin)
{
	unsigned char box[PK_SIN_BOX_LEN];
	sqlite3_stmt *st;
	char *token = NULL;
	unsigned v;
	size_t i;

	if (pk_sin_seal(w, sin, &token) != 0 || sqlite3_prepare_v2(raw,
	    "UPDATE peers SET sin_key = substr(?1, 1, 68), sin_box = "
	    "?2 WHERE id = ?3", -1, &st, NULL) != SQLITE_OK) {
		printf("# set_sin: %s\n", pk_errmsg());
		free(token);
		return;
	}
	for (i = 0; i < PK_SIN_BOX_LEN; i++) {
		if (sscanf(token + PK_SIN_KEY_LEN + 1 + 2 * i, "%2x", &v) != 1)
			printf("# set_sin: a bad token\n");
		box[i] = (unsigned char)v;
	}
	sqlite3_bind_text(st, 1, token, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 2, box, sizeof box, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		printf("# set_sin: %s\n", sqlite3_errmsg(raw));
	sqlite3_finalize(st);
	free(token);
}

static void
test_filed(sqlite3 *raw)
{
	struct pk_t4a_return r = { .year = 2026 };
	pk_store *w;
	char *x, ref[9], long_note[2 * 1990 + 1];
	int rc, i;

	for (i = 0; i < 1990; i++)
		memcpy(long_note + 2 * i, "é", 2);
	long_note[2 * 1990] = '\0';

	if (pk_store_open(&w, db, PK_STORE_WRITE) != 0) {
		printf("# %s\n", pk_errmsg());
		return;
	}
	x = file_it(w, &r, &rc);
	is_int(rc, 0, "the original, recorded");
	is_int(r.slips, 3, "three slips");
	is_int(count_rows(raw, "SELECT count(*) FROM t4a_filed WHERE code = 'O' "
	    "AND year = 2026 AND ref = (SELECT ref FROM t4a_filed LIMIT 1)"), 3,
	    "three rows, code O, one reference");
	is_int(count_rows(raw, "SELECT count(*) FROM audit WHERE kind = "
	    "'t4a_slip' AND action = 'file' AND after NOT LIKE '%130692544%'"),
	    3, "audited, the SIN masked");
	memcpy(ref, r.ref_used, 9);
	free(x);
	x = file_it(w, &r, &rc);
	is_int(rc, 0, "filing the original again");
	is_int(r.slips, 0, "adds nothing: every slip is on file");
	ok(r.on_file, "and says there is a return on file");
	free(x);
	r.ref = ref;
	r.amend = true;
	set_sin(w, raw, 3, "046454286");
	x = file_it(w, &r, &rc);
	is_int(rc, PK_EX_DATAERR, "a reference filed before");
	ok(strstr(pk_errmsg(), "submission reference ") &&
	    strstr(pk_errmsg(), " was filed on 2026-11-23"), "is refused");
	is_str(x, "", "before anything is written");
	free(x);
	r.ref = NULL;
	sqlite3_exec(raw, "UPDATE payments SET status = 'void' WHERE peer_id = 2;"
	    "INSERT INTO payments (uuid, peer_id, date, amount, method, kind, "
	    "created_at, updated_at) VALUES ('u-sage', 5, '2026-09-01', 5000, "
	    "'cash', 'honorarium', 'now', 'now'), ('u-raven', 1, '2026-09-01', "
	    "1, 'cash', 'honorarium', 'now', 'now')", NULL, NULL, NULL);
	r.note = long_note;
	x = xml_for(w, &r, &rc);
	is_int(rc, 0, "an amendment with a note of 1990 characters");
	ok(note_of(x) == 2000, "the note is cut to the CRA's 2000 characters");
	ok(strstr(x, "ééé Amende...</fileramendmentnote>"),
	    "between characters, ending in ...");
	free(x);
	r.note = NULL;
	x = xml_for(w, &r, &rc);
	is_int(rc, 0, "the amended return");
	is_int(r.slips, 3, "three slips");
	is_int(r.cancelled, 1, "one of them cancelled");
	is_int(r.total, 70000 + 65000, "the amended slips' total");
	is_int(r.cancelled_total, 50001, "the cancelled slip's");
	is_int(r.pending, 1, "Raven's new slip is for an original return");
	ok(strstr(x, "<summ_cnt>2</summ_cnt>"), "two returns");
	ok(strstr(x, "<rcpnt_nbr>2</rcpnt_nbr>\n        <bn>123456789RP0001"
	    "</bn>\n        <rpt_tcd>C</rpt_tcd>\n        <T4A_AMT>\n"
	    "          <fee_or_oth_srvc_amt>500.01</fee_or_oth_srvc_amt>"),
	    "Kestrel cancelled with the amount filed");
	ok(strstr(x, "<sin>046454286</sin>") && strstr(x, "<rcpnt_nbr>3"
	    "</rcpnt_nbr>\n        <bn>123456789RP0001</bn>\n        <rpt_tcd>A"),
	    "Moss amended with the SIN");
	ok(strstr(x, "<fee_or_oth_srvc_amt>650.00</fee_or_oth_srvc_amt>"),
	    "Sage amended to 650.00");
	ok(!strstr(x, "<rcpnt_nbr>1</rcpnt_nbr>"), "Raven is not in it");
	ok(strstr(x, "<rpt_tot_fee_srvc_amt>1350.00</rpt_tot_fee_srvc_amt>") &&
	    strstr(x, "<rpt_tot_fee_srvc_amt>500.01</rpt_tot_fee_srvc_amt>"),
	    "each summary totals its own slips");
	ok(strstr(x, "Amended slips: Green (recipient 3): SIN added. Sagebrush "
	    "(recipient 5): amount 600.00 to 650.00.</fileramendmentnote>"),
	    "the amendment note names each recipient and the change");
	ok(strstr(x, "Cancelled slips: O&apos;Brien &amp; Sons, "
	    "Élodie-Margu (recipient 2): honoraria paid in 2026 now 0.00, not "
	    "over the 500.00 threshold.</fileramendmentnote>"),
	    "and the reason for a cancellation");
	ok(!strstr(x, "<rpt_tcd>O"), "no original slip or summary");
	free(x);
	x = file_it(w, &r, &rc);
	is_int(rc, 0, "the amendment, recorded");
	is_int(count_rows(raw, "SELECT count(*) FROM t4a_filed"), 6,
	    "three rows more");
	is_int(count_rows(raw, "SELECT count(*) FROM audit WHERE kind = "
	    "'t4a_slip' AND before IS NOT NULL"), 3, "audited with the slip "
	    "on file as before");
	free(x);
	x = xml_for(w, &r, &rc);
	is_int(rc, 0, "amending again");
	is_int(r.slips, 0, "finds nothing to amend");
	is_str(x, "", "and writes nothing");
	free(x);
	r.amend = false;
	x = file_it(w, &r, &rc);
	is_int(rc, PK_EX_DATAERR, "Raven's slip has no surname");
	free(x);
	sqlite3_exec(raw, "UPDATE peers SET surname = 'Corbeau' WHERE id = 1",
	    NULL, NULL, NULL);
	x = file_it(w, &r, &rc);
	is_int(rc, 0, "an additional original return");
	is_int(r.slips, 1, "for Raven alone");
	ok(strstr(x, "<rcpnt_nbr>1</rcpnt_nbr>") && strstr(x,
	    "<rpt_tcd>O</rpt_tcd>") && !strstr(x, "<rpt_tcd>A"), "an original");
	free(x);
	sqlite3_exec(raw, "INSERT INTO payments (uuid, peer_id, date, amount, "
	    "method, kind, created_at, updated_at) VALUES ('u-kes', 2, "
	    "'2026-10-01', 60000, 'cash', 'honorarium', 'now', 'now')", NULL,
	    NULL, NULL);
	x = xml_for(w, &r, &rc);
	is_int(r.slips, 1, "a cancelled slip due again");
	ok(strstr(x, "<rcpnt_nbr>2</rcpnt_nbr>"), "is an original again");
	free(x);
	is_int(sqlite3_exec(raw, "DELETE FROM t4a_filed", NULL, NULL, NULL),
	    SQLITE_CONSTRAINT, "filed slips are never deleted");
	is_int(sqlite3_exec(raw, "UPDATE t4a_filed SET amount = 1", NULL, NULL,
	    NULL), SQLITE_CONSTRAINT, "nor edited");
	memcpy(cfg.t4a_box, "028", 4);
	x = xml_for(w, &r, &rc);
	is_int(rc, PK_EX_CONFIG, "another box than the one filed");
	ok(strstr(pk_errmsg(), "t4a.box: 028, but the 2026 slips on file were "
	    "filed in box 048") != NULL, "is refused");
	free(x);
	memcpy(cfg.t4a_box, "048", 4);
	pk_store_close(w);
}

static int
statement_of(const struct pk_t4a *t, void *arg)
{
	return t->peer.id == 3 ? pk_t4a_statement(arg, &cfg, t) : 0;
}

static void
test_statement(pk_store *s)
{
	char *out = NULL;
	size_t len;
	FILE *fp = open_memstream(&out, &len);

	is_int(pk_t4a_each(s, &cfg, 2026, false, statement_of, fp), 0,
	    "a statement");
	fclose(fp);
	ok(strstr(out, "T4A 2026: statement for Moss\n"), "title");
	ok(strstr(out, "Payer:       Example Harm Reduction Society\n"), "payer");
	ok(strstr(out, "Recipient:   Green\n"), "recipient");
	ok(strstr(out, "SIN:         not on file"), "no SIN said plainly");
	ok(strstr(out, "Box 048, fees for services: $700.00\n"), "box and amount");
	ok(strstr(out, "tell Jane Doe\n((604) 555-1234 x56, jane@example.org) so "
	    "that"), "who to tell, filled to 72 columns");
	ok(len > 2 && out[len - 2] == '\f', "ends with a form feed");
	free(out);
}

static void
cleanup(void)
{
	static const char *const suffix[] = { "", "-wal", "-shm", NULL };
	char *p;
	size_t i;

	for (i = 0; suffix[i]; i++) {
		p = pk_asprintf("%s%s", db, suffix[i]);
		unlink(p);
		free(p);
	}
	unlink(cfgpath);
	for (i = 0; i < 3; i++)
		unlink(pk_privacy_path(i == 0 ? PK_KEY_PUBLIC : i == 1 ?
		    PK_KEY_SECRET : PK_KEY_INDEX));
	p = pk_asprintf("%s/peerkit/keys", dir);
	rmdir(p);
	free(p);
	p = pk_asprintf("%s/peerkit", dir);
	rmdir(p);
	free(p);
	rmdir(dir);
	free(db);
	free(cfgpath);
}

int
main(void)
{
	pk_store *s;
	sqlite3 *raw;
	FILE *fp;

	tap_fixed_clock();
	if (!mkdtemp(dir))
		return 1;
	/* The keys that seal SINs go in the scratch directory. */
	setenv("XDG_CONFIG_HOME", dir, 1);
	pk_privacy_use(NULL);
	pk_quiet = 1;
	pk_set_today("2026-11-23");
	db = pk_asprintf("%s/peerkit.db", dir);
	cfgpath = pk_asprintf("%s/config.yaml", dir);
	if (!(fp = fopen(cfgpath, "w")) || fputs(config_yaml, fp) == EOF ||
	    fclose(fp) != 0 || pk_config_load(&cfg, cfgpath) != 0) {
		printf("# config: %s\n", pk_errmsg());
		return 1;
	}
	test_cut();
	test_escape();
	test_phone();
	test_ref();
	test_missing();
	test_cra_text();
	test_payer();
	make_store();
	if (pk_store_open(&s, db, PK_STORE_READ) != 0 ||
	    sqlite3_open(db, &raw) != SQLITE_OK)
		return 1;
	test_each(s);
	test_xml(s, raw);
	test_statement(s);
	pk_store_close(s);
	test_filed(raw);
	sqlite3_close(raw);
	pk_config_free(&cfg);
	cleanup();
	return done_testing();
}
