// Documents (PROTOCOL.md "Documents"): uploads and downloads over HTTP, versions, ranges,
// visibility, refusals that leave the server unharmed and nothing half-stored on disk, the
// document ops and their events, and the demo kickoff's decision paper.
#include <openssl/evp.h>

#include <array>
#include <filesystem>
#include <random>
#include <thread>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

using testing::http_request;
using testing::http_result;
using testing::raw_request;

/** The upload limit of this suite's server: small, so "too large" costs little to send. */
constexpr std::size_t upload_limit = 1024 * 1024;

std::string sha256_hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    EVP_Digest(bytes.data(), bytes.size(), md.data(), &len, EVP_sha256(), nullptr);
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out.push_back(digits[md[i] >> 4]);
        out.push_back(digits[md[i] & 0xF]);
    }
    return out;
}

/** `n` bytes that are the same in every run for the same seed (all byte values occur). */
std::string bytes_of(std::size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::string out(n, '\0');
    for (auto& c : out) {
        c = static_cast<char>(gen() & 0xFF);
    }
    return out;
}

/** A published meeting with a facilitator, a registered participant and an outsider. */
struct meeting_setup {
    std::int64_t meeting_id = 0;
    person_with_token facilitator;
    person_with_token participant;  ///< confirmed registration
    person_with_token outsider;     ///< a person without a registration
};

class Documents : public integration_fixture {
  public:
    static void SetUpTestSuite() {
        start_shared({{"TRAFFPUNKT_HTTP_UPLOAD_MAX", std::to_string(upload_limit)},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "100000"},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "100000"}});
    }

  protected:
    static meeting_setup make_meeting() {
        auto coordinator = connect_coordinator();
        meeting_setup m;
        const auto network_id = create_network(*coordinator);
        const auto admitted = result_of(coordinator->call(
            "org.admit",
            {{"network_id", network_id},
             {"organisation", {{"name", unique_name("Kalmar kommun")}, {"kind", "municipality"}}},
             {"decision",
              {{"deciding_body", "Södermöre kommundelsnämnd"},
               {"diary_number", "SKDN 2022/0104"},
               {"decided_on", "2022-08-22"}}}}));
        const auto org = int_at(admitted, "member.organisation.organisation_id");
        m.meeting_id = create_published(*coordinator, open_meeting(network_id, "hybrid", {}, {}));
        m.facilitator = make_person(*coordinator, org);
        result_of(coordinator->call(
            "meeting.add_facilitator",
            {{"meeting_id", m.meeting_id}, {"person_id", m.facilitator.person_id}}));
        m.participant = make_person(*coordinator, org);
        auto participant = connect_with(m.participant.token);
        const auto reg = result_of(participant->call(
            "registration.create", {{"meeting_id", m.meeting_id}, {"mode", "remote"}}));
        EXPECT_EQ(string_at(reg, "registration.status"), "confirmed");
        m.outsider = make_person(*coordinator, org);
        return m;
    }

    static http_result upload(const std::string& token, const std::string& target, std::string body,
                              std::string content_type = "application/pdf") {
        std::map<std::string, std::string> headers;
        if (!token.empty()) {
            headers["Authorization"] = "Bearer " + token;
        }
        if (!content_type.empty()) {
            headers["Content-Type"] = content_type;
        }
        return http_request(server().host(), server().port(), "POST", target, headers,
                            std::move(body));
    }

    static http_result get(const std::string& target, const std::string& token = {},
                           std::map<std::string, std::string> headers = {},
                           std::string method = "GET") {
        if (!token.empty()) {
            headers["Authorization"] = "Bearer " + token;
        }
        return http_request(server().host(), server().port(), method, target, headers);
    }

    /** Uploads a new document as the facilitator and returns the `document` of the answer. */
    static json::object new_document(const meeting_setup& m, const std::string& body,
                                     const std::string& query) {
        const auto res =
            upload(m.facilitator.token,
                   "/meetings/" + std::to_string(m.meeting_id) + "/documents?" + query, body);
        EXPECT_EQ(res.status, 201) << res.body;
        return json::parse(res.body).as_object().at("document").as_object();
    }

    static json::object error_of(const http_result& res) {
        const auto parsed = json::parse(res.body);
        return parsed.as_object().at("error").as_object();
    }

    static std::size_t temp_files() {
        const auto dir = std::filesystem::path(server().data_dir()) / "documents" / "tmp";
        std::size_t n = 0;
        for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) {
            ++n;
        }
        return n;
    }

    static std::size_t document_count(const std::string& token, std::int64_t meeting_id) {
        auto client = token.empty() ? connect_public() : connect_with(token);
        const auto listed = result_of(client->call("document.list", {{"meeting_id", meeting_id}}));
        return listed.at("documents").as_array().size();
    }

    static void expect_healthy() {
        EXPECT_EQ(http_request(server().host(), server().port(), "GET", "/healthz").status, 200);
        EXPECT_TRUE(still_serving(server()));
    }
};

TEST_F(Documents, upload_and_download_round_trip_with_sha256) {
    const auto m = make_meeting();
    const std::string body = bytes_of(300 * 1024 + 17, 1);  // several 64 KiB pieces
    const auto doc = new_document(
        m, body,
        "filename=Budgetf%C3%B6rslag%202023.pdf&title=Budgetf%C3%B6rslag&visibility=public");
    EXPECT_EQ(string_at(doc, "title"), "Budgetförslag");
    EXPECT_EQ(string_at(doc, "visibility"), "public");
    EXPECT_EQ(int_at(doc, "meeting_id"), m.meeting_id);
    EXPECT_TRUE(doc.at("agenda_item_id").is_null());
    EXPECT_EQ(int_at(doc, "latest.version"), 1);
    EXPECT_EQ(int_at(doc, "latest.size"), static_cast<std::int64_t>(body.size()));
    EXPECT_EQ(string_at(doc, "latest.sha256"), sha256_hex(body));
    EXPECT_EQ(string_at(doc, "latest.filename"), "Budgetförslag 2023.pdf");
    EXPECT_EQ(string_at(doc, "latest.content_type"), "application/pdf");
    EXPECT_EQ(int_at(doc, "latest.uploaded_by.person_id"), m.facilitator.person_id);

    // Public: no token needed.
    const auto url = string_at(doc, "url");
    const auto got = get(url);
    ASSERT_EQ(got.status, 200) << got.body.substr(0, 200);
    EXPECT_EQ(got.body.size(), body.size());
    EXPECT_EQ(sha256_hex(got.body), sha256_hex(body));
    EXPECT_EQ(got.headers.at("content-type"), "application/pdf");
    EXPECT_EQ(got.headers.at("content-disposition"),
              "attachment; filename=\"Budgetf_rslag 2023.pdf\"; "
              "filename*=UTF-8''Budgetf%C3%B6rslag%202023.pdf");
    EXPECT_EQ(got.headers.at("x-content-type-options"), "nosniff");
    EXPECT_EQ(got.headers.at("etag"), "\"" + sha256_hex(body) + "\"");
    EXPECT_EQ(got.headers.at("accept-ranges"), "bytes");

    const auto head = get(url, {}, {}, "HEAD");
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.headers.at("content-length"), std::to_string(body.size()));
    EXPECT_EQ(head.headers.at("etag"), got.headers.at("etag"));

    const auto cached = get(url, {}, {{"If-None-Match", got.headers.at("etag")}});
    EXPECT_EQ(cached.status, 304);
    EXPECT_TRUE(cached.body.empty());
    EXPECT_EQ(get(url, {}, {{"If-None-Match", "\"other\""}}).status, 200);

    // Listed for everyone, with the same facts; the uploader's name only for staff.
    auto pub = connect_public();
    const auto listed = result_of(pub->call("document.list", {{"meeting_id", m.meeting_id}}));
    ASSERT_EQ(listed.at("documents").as_array().size(), 1u);
    const auto& seen = listed.at("documents").as_array()[0].as_object();
    EXPECT_EQ(string_at(seen, "latest.sha256"), sha256_hex(body));
    EXPECT_TRUE(find_path(seen, "latest.uploaded_by")->is_null());
    EXPECT_EQ(temp_files(), 0u);
}

TEST_F(Documents, a_new_version_keeps_every_version_downloadable) {
    const auto m = make_meeting();
    const std::string v1 = bytes_of(5000, 2);
    const std::string v2 = bytes_of(7000, 3);
    const auto doc = new_document(m, v1, "filename=dagordning.pdf&visibility=public");
    const auto id = int_at(doc, "document_id");
    const auto base =
        "/meetings/" + std::to_string(m.meeting_id) + "/documents/" + std::to_string(id);

    auto res = upload(m.facilitator.token, base + "/versions", v2);
    ASSERT_EQ(res.status, 201) << res.body;
    const auto answer = json::parse(res.body).as_object();
    EXPECT_EQ(int_at(answer, "document.latest.version"), 2);
    EXPECT_EQ(string_at(answer, "document.latest.filename"), "dagordning.pdf");  // kept
    EXPECT_EQ(string_at(answer, "document.latest.sha256"), sha256_hex(v2));
    EXPECT_EQ(res.headers.at("location"), base + "/versions/2");

    EXPECT_EQ(sha256_hex(get(base).body), sha256_hex(v2));
    EXPECT_EQ(sha256_hex(get(base + "/versions/1").body), sha256_hex(v1));
    EXPECT_EQ(sha256_hex(get(base + "/versions/2").body), sha256_hex(v2));
    const auto missing = get(base + "/versions/3");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(string_at(error_of(missing), "code"), "not_found");

    // The same bytes again (a retry): no third version.
    res = upload(m.facilitator.token, base + "/versions", v2);
    EXPECT_EQ(res.status, 200) << res.body;
    EXPECT_FALSE(json::parse(res.body).as_object().at("created").as_bool());

    // A new name with the next version.
    res = upload(m.facilitator.token, base + "/versions?filename=dagordning-rev2.txt", "rev 2",
                 "text/plain; charset=utf-8");
    ASSERT_EQ(res.status, 201) << res.body;

    auto client = connect_with(m.participant.token);
    const auto got = result_of(client->call("document.get", {{"document_id", id}}));
    const auto& versions = got.at("versions").as_array();
    ASSERT_EQ(versions.size(), 3u);
    EXPECT_EQ(int_at(versions[0].as_object(), "version"), 1);
    EXPECT_EQ(string_at(versions[0].as_object(), "sha256"), sha256_hex(v1));
    EXPECT_EQ(string_at(versions[1].as_object(), "sha256"), sha256_hex(v2));
    EXPECT_EQ(string_at(versions[2].as_object(), "filename"), "dagordning-rev2.txt");
    EXPECT_EQ(string_at(versions[2].as_object(), "content_type"), "text/plain; charset=utf-8");
    EXPECT_EQ(int_at(got, "document.latest.version"), 3);
}

TEST_F(Documents, byte_ranges) {
    const auto m = make_meeting();
    const std::string body = bytes_of(200 * 1024, 4);
    const auto doc = new_document(m, body, "filename=bilaga.bin&visibility=public");
    const auto url = string_at(doc, "url");
    const auto size = std::to_string(body.size());

    auto part = get(url, {}, {{"Range", "bytes=0-99"}});
    ASSERT_EQ(part.status, 206);
    EXPECT_EQ(part.headers.at("content-range"), "bytes 0-99/" + size);
    EXPECT_EQ(part.body, body.substr(0, 100));

    part = get(url, {}, {{"Range", "bytes=100000-"}});
    ASSERT_EQ(part.status, 206);
    EXPECT_EQ(part.body, body.substr(100000));

    part = get(url, {}, {{"Range", "bytes=-50"}});
    ASSERT_EQ(part.status, 206);
    EXPECT_EQ(part.headers.at("content-range"), "bytes " + std::to_string(body.size() - 50) + "-" +
                                                    std::to_string(body.size() - 1) + "/" + size);
    EXPECT_EQ(part.body, body.substr(body.size() - 50));

    const auto outside = get(url, {}, {{"Range", "bytes=" + size + "-"}});
    EXPECT_EQ(outside.status, 416);
    EXPECT_EQ(outside.headers.at("content-range"), "bytes */" + size);
    EXPECT_EQ(string_at(error_of(outside), "code"), "invalid_args");

    // If-Range with another tag: the whole document, not a piece of a different one.
    const auto stale = get(url, {}, {{"Range", "bytes=0-9"}, {"If-Range", "\"old\""}});
    EXPECT_EQ(stale.status, 200);
    EXPECT_EQ(stale.body.size(), body.size());
    const auto fresh =
        get(url, {}, {{"Range", "bytes=0-9"}, {"If-Range", "\"" + sha256_hex(body) + "\""}});
    EXPECT_EQ(fresh.status, 206);
    // Several ranges are answered with the whole.
    EXPECT_EQ(get(url, {}, {{"Range", "bytes=0-1,5-6"}}).status, 200);
}

TEST_F(Documents, too_large_is_413_and_leaves_nothing_behind) {
    const auto m = make_meeting();
    const auto target =
        "/meetings/" + std::to_string(m.meeting_id) + "/documents?filename=stor.bin";

    // Declared too large: refused from the head, before any of the body is read.
    auto res = http_request(server().host(), server().port(), "POST", target,
                            {{"Authorization", "Bearer " + m.facilitator.token},
                             {"Content-Length", std::to_string(upload_limit + 1)}},
                            std::string(1000, 'x'));
    EXPECT_EQ(res.status, 413);
    EXPECT_EQ(string_at(error_of(res), "code"), "invalid_args");
    EXPECT_EQ(int_at(error_of(res), "details.max_bytes"), static_cast<std::int64_t>(upload_limit));

    // Sent in full with an honest length: the same.
    res = upload(m.facilitator.token, target, std::string(upload_limit + 1, 'x'));
    EXPECT_EQ(res.status, 413);

    // Chunked, so the size is only known while it arrives: cut off at the limit.
    std::string raw = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                      m.facilitator.token + "\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::string chunk(64 * 1024, 'y');
    for (std::size_t sent = 0; sent <= upload_limit; sent += chunk.size()) {
        raw += "10000\r\n" + chunk + "\r\n";
    }
    raw += "0\r\n\r\n";
    const auto answer = raw_request(server().host(), server().port(), raw);
    EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 300);
    EXPECT_NE(answer.find("max_bytes"), std::string::npos);

    // Exactly the limit is fine.
    res = upload(m.facilitator.token, target, std::string(upload_limit, 'z'));
    EXPECT_EQ(res.status, 201) << res.body;

    EXPECT_EQ(temp_files(), 0u);
    EXPECT_EQ(document_count(m.facilitator.token, m.meeting_id), 1u);
    expect_healthy();
}

TEST_F(Documents, bad_names_and_parameters_are_400) {
    const auto m = make_meeting();
    const auto base = "/meetings/" + std::to_string(m.meeting_id) + "/documents";
    struct bad {
        std::string query;
        std::string field;
    };
    const bad cases[] = {
        {"filename=..%2F..%2Fetc%2Fpasswd", "filename"},
        {"filename=..%5Cwin.ini", "filename"},
        {"filename=..", "filename"},
        {"filename=a%0Ab.txt", "filename"},
        {"filename=a%0D%0AX-Evil:%201.txt", "filename"},
        {"filename=nul%00.txt", "filename"},
        {"filename=%FF%FE.txt", "filename"},
        {"title=Utan%20filnamn", "filename"},
        {"filename=a.txt&visibility=everyone", "visibility"},
        {"filename=a.txt&title=%0A", "title"},
        {"filename=a.txt&agenda_item_id=999999", "agenda_item_id"},
        {"filename=a.txt&colour=blue", "colour"},
    };
    for (const auto& c : cases) {
        const auto res = upload(m.facilitator.token, base + "?" + c.query, "innehåll");
        EXPECT_EQ(res.status, 400) << c.query << ": " << res.body;
        const auto err = error_of(res);
        EXPECT_EQ(string_at(err, "code"), "invalid_args") << c.query;
        EXPECT_EQ(string_at(err, "details.field"), c.field) << c.query;
        EXPECT_FALSE(string_at(err, "message").empty());
    }
    auto res = upload(m.facilitator.token, base + "?filename=a%zz", "x");
    EXPECT_EQ(res.status, 400);
    res = upload(m.facilitator.token, base + "?filename=a.txt", "x", "not a type");
    EXPECT_EQ(res.status, 400);
    EXPECT_EQ(string_at(error_of(res), "details.field"), "content-type");
    res = upload(m.facilitator.token, base + "?filename=a.txt", "");
    EXPECT_EQ(res.status, 400);
    EXPECT_EQ(string_at(error_of(res), "details.field"), "body");

    // A name that only needs tidying is accepted as the tidy version.
    res = upload(m.facilitator.token, base + "?filename=%20rapport%3A%20v%C3%A5r.pdf...", "x");
    ASSERT_EQ(res.status, 201) << res.body;
    EXPECT_EQ(string_at(json::parse(res.body).as_object(), "document.latest.filename"),
              "rapport_ vår.pdf");

    EXPECT_EQ(document_count(m.facilitator.token, m.meeting_id), 1u);
    EXPECT_EQ(temp_files(), 0u);
    expect_healthy();
}

TEST_F(Documents, only_facilitators_and_coordinators_upload) {
    const auto m = make_meeting();
    const auto target =
        "/meetings/" + std::to_string(m.meeting_id) + "/documents?filename=x.pdf&visibility=public";

    auto res = upload(m.participant.token, target, "x");
    EXPECT_EQ(res.status, 403) << res.body;
    EXPECT_EQ(string_at(error_of(res), "code"), "forbidden");
    EXPECT_EQ(upload(m.outsider.token, target, "x").status, 403);

    res = upload("", target, "x");
    EXPECT_EQ(res.status, 401);
    EXPECT_EQ(string_at(error_of(res), "code"), "unauthorized");
    EXPECT_NE(res.headers.at("www-authenticate").find("Bearer"), std::string::npos);
    EXPECT_EQ(upload("not-a-token", target, "x").status, 401);

    EXPECT_EQ(document_count(m.facilitator.token, m.meeting_id), 0u);
    EXPECT_EQ(upload(coordinator_token(), target, "x").status, 201);
    const auto doc_id = [&] {
        auto c = connect_coordinator();
        const auto listed = result_of(c->call("document.list", {{"meeting_id", m.meeting_id}}));
        return int_at(listed.at("documents").as_array()[0].as_object(), "document_id");
    }();
    // New versions too.
    const auto versions = "/meetings/" + std::to_string(m.meeting_id) + "/documents/" +
                          std::to_string(doc_id) + "/versions";
    EXPECT_EQ(upload(m.participant.token, versions, "y").status, 403);
    EXPECT_EQ(upload(m.facilitator.token, versions, "y").status, 201);

    // And the metadata ops.
    auto participant = connect_with(m.participant.token);
    auto answer = participant->call("document.update", {{"document_id", doc_id}, {"title", "Ny"}});
    EXPECT_EQ(error_code(answer), "forbidden");
    answer = participant->call("document.remove", {{"document_id", doc_id}});
    EXPECT_EQ(error_code(answer), "forbidden");
    expect_healthy();
}

TEST_F(Documents, visibility_decides_who_sees_what) {
    const auto m = make_meeting();
    const auto pub =
        int_at(new_document(m, "alla", "filename=a.txt&visibility=public"), "document_id");
    const auto reg =
        int_at(new_document(m, "anmälda", "filename=r.txt&visibility=registered"), "document_id");
    // Without a visibility a document is for the facilitators only.
    const auto fac = new_document(m, "ledare", "filename=f.txt");
    EXPECT_EQ(string_at(fac, "visibility"), "facilitators");
    const auto fac_id = int_at(fac, "document_id");
    const auto url = [&](std::int64_t id) {
        return "/meetings/" + std::to_string(m.meeting_id) + "/documents/" + std::to_string(id);
    };

    EXPECT_EQ(get(url(pub)).status, 200);
    EXPECT_EQ(get(url(reg)).status, 401);  // a token may help
    EXPECT_EQ(get(url(reg), m.outsider.token).status, 403);
    EXPECT_EQ(get(url(reg), m.participant.token).status, 200);
    EXPECT_EQ(get(url(reg) + "?access_token=" + m.participant.token).status, 200);
    EXPECT_EQ(get(url(fac_id), m.participant.token).status, 403);
    EXPECT_EQ(get(url(fac_id), m.facilitator.token).status, 200);
    EXPECT_EQ(get(url(fac_id), coordinator_token()).status, 200);
    EXPECT_EQ(get(url(pub), "wrong-token").status, 401);

    EXPECT_EQ(document_count({}, m.meeting_id), 1u);
    EXPECT_EQ(document_count(m.outsider.token, m.meeting_id), 1u);
    EXPECT_EQ(document_count(m.participant.token, m.meeting_id), 2u);
    EXPECT_EQ(document_count(m.facilitator.token, m.meeting_id), 3u);
    EXPECT_EQ(document_count(coordinator_token(), m.meeting_id), 3u);

    auto participant = connect_with(m.participant.token);
    EXPECT_EQ(error_code(participant->call("document.get", {{"document_id", fac_id}})),
              "forbidden");
    EXPECT_TRUE(participant->call("document.get", {{"document_id", reg}}).contains("result"));
}

TEST_F(Documents, unknown_things_are_404) {
    const auto m = make_meeting();
    const auto other = make_meeting();
    const auto doc =
        int_at(new_document(m, "x", "filename=x.txt&visibility=public"), "document_id");
    const auto in = [](std::int64_t meeting, const std::string& rest) {
        return "/meetings/" + std::to_string(meeting) + "/documents" + rest;
    };
    EXPECT_EQ(get(in(m.meeting_id, "/" + std::to_string(doc + 1000))).status, 404);
    // A document is only found under its own meeting.
    EXPECT_EQ(get(in(other.meeting_id, "/" + std::to_string(doc))).status, 404);
    EXPECT_EQ(get(in(999999, "/1")).status, 404);
    EXPECT_EQ(get(in(m.meeting_id, "/abc")).status, 404);
    EXPECT_EQ(upload(coordinator_token(), in(999999, "?filename=x.txt"), "x").status, 404);
    EXPECT_EQ(upload(coordinator_token(),
                     in(m.meeting_id, "/" + std::to_string(doc + 1000) + "/versions"), "x")
                  .status,
              404);
    // A draft meeting does not exist for the public, and its documents neither.
    auto coordinator = connect_coordinator();
    const auto draft =
        int_at(create_meeting(*coordinator, create_network(*coordinator), "Utkast"), "meeting_id");
    const auto draft_doc =
        upload(coordinator_token(), in(draft, "?filename=utkast.txt&visibility=public"), "x");
    ASSERT_EQ(draft_doc.status, 201);
    const auto draft_url = string_at(json::parse(draft_doc.body).as_object(), "document.url");
    EXPECT_EQ(get(draft_url).status, 404);
    EXPECT_EQ(get(draft_url, coordinator_token()).status, 200);
    // Wrong methods.
    EXPECT_EQ(get(in(m.meeting_id, "")).status, 405);
    EXPECT_EQ(http_request(server().host(), server().port(), "DELETE",
                           in(m.meeting_id, "/" + std::to_string(doc)))
                  .status,
              405);
    expect_healthy();
}

TEST_F(Documents, changes_are_events_for_whoever_may_see_them) {
    const auto m = make_meeting();
    const auto topic = "meeting:" + std::to_string(m.meeting_id);
    const auto staff_topic = "documents-staff:" + std::to_string(m.meeting_id);
    const auto registered_topic = "documents:" + std::to_string(m.meeting_id);
    auto pub = connect_public();
    result_of(pub->call("subscribe", {{"topic", topic}}));
    auto staff = connect_with(m.facilitator.token);
    result_of(staff->call("subscribe", {{"topic", staff_topic}}));
    auto participant = connect_with(m.participant.token);
    const auto snap = result_of(participant->call("subscribe", {{"topic", registered_topic}}));
    EXPECT_TRUE(find_path(snap, "snapshot.documents")->as_array().empty());
    // Who may subscribe to which documents topic.
    EXPECT_EQ(error_code(pub->call("subscribe", {{"topic", registered_topic}})), "forbidden");
    EXPECT_EQ(error_code(participant->call("subscribe", {{"topic", staff_topic}})), "forbidden");

    const auto doc = new_document(m, "v1", "filename=p.txt&visibility=public");
    const auto id = int_at(doc, "document_id");
    auto ev = wait_event(*pub, "document.added", topic);
    ASSERT_TRUE(ev);
    EXPECT_EQ(int_at(*ev, "data.document.document_id"), id);
    EXPECT_TRUE(find_path(*ev, "data.document.latest.uploaded_by")->is_null());
    ev = wait_event(*staff, "document.added", staff_topic);
    ASSERT_TRUE(ev);
    EXPECT_EQ(int_at(*ev, "data.document.latest.uploaded_by.person_id"), m.facilitator.person_id);
    EXPECT_TRUE(wait_event(*participant, "document.added", registered_topic));

    const auto url = string_at(doc, "url");
    ASSERT_EQ(upload(m.facilitator.token, url + "/versions", "v2").status, 201);
    ev = wait_event(*pub, "document.versioned", topic);
    ASSERT_TRUE(ev);
    EXPECT_EQ(int_at(*ev, "data.document.latest.version"), 2);

    // More private: gone from the public topic, changed on the staff topic.
    auto facilitator = connect_with(m.facilitator.token);
    const auto updated = result_of(facilitator->call(
        "document.update",
        {{"document_id", id}, {"visibility", "facilitators"}, {"title", "Intern"}}));
    EXPECT_EQ(string_at(updated, "document.visibility"), "facilitators");
    ev = wait_event(*pub, "document.removed", topic);
    ASSERT_TRUE(ev);
    EXPECT_EQ(int_at(*ev, "data.document_id"), id);
    EXPECT_FALSE(ev->at("data").as_object().contains("document"));  // no title for the public
    EXPECT_TRUE(wait_event(*participant, "document.removed", registered_topic));
    ev = wait_event(*staff, "document.updated", staff_topic);
    ASSERT_TRUE(ev);
    EXPECT_EQ(string_at(*ev, "data.document.title"), "Intern");

    // Bad updates change nothing.
    EXPECT_EQ(
        error_code(facilitator->call("document.update", {{"document_id", id}, {"title", "a\nb"}})),
        "invalid_args");
    EXPECT_EQ(error_field(facilitator->call("document.update",
                                            {{"document_id", id}, {"agenda_item_id", 999999}})),
              "agenda_item_id");

    EXPECT_EQ(result_of(facilitator->call("document.remove", {{"document_id", id}}))
                  .at("removed")
                  .as_bool(),
              true);
    EXPECT_TRUE(wait_event(*staff, "document.removed", staff_topic));
    EXPECT_EQ(error_code(facilitator->call("document.remove", {{"document_id", id}})), "not_found");
    EXPECT_EQ(get(url, m.facilitator.token).status, 404);
    EXPECT_EQ(document_count(m.facilitator.token, m.meeting_id), 0u);
}

TEST_F(Documents, interrupted_upload_leaves_nothing_behind) {
    const auto m = make_meeting();
    const std::string raw = "POST /meetings/" + std::to_string(m.meeting_id) +
                            "/documents?filename=halv.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Authorization: Bearer " +
                            m.facilitator.token + "\r\nContent-Length: 500000\r\n\r\n" +
                            std::string(100000, 'h');
    // The client gives up after a moment and closes with 400000 bytes still owed.
    const auto answer =
        raw_request(server().host(), server().port(), raw, std::chrono::milliseconds(300));
    EXPECT_TRUE(answer.empty()) << answer.substr(0, 200);
    for (int i = 0; i < 50 && temp_files() > 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(temp_files(), 0u);
    EXPECT_EQ(document_count(m.facilitator.token, m.meeting_id), 0u);
    expect_healthy();
}

TEST_F(Documents, a_chunk_size_line_that_never_ends_is_refused) {
    const auto m = make_meeting();
    // A chunk-size line with an endless extension: the server must not buffer it all.
    const std::string raw = "POST /meetings/" + std::to_string(m.meeting_id) +
                            "/documents?filename=a.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Authorization: Bearer " +
                            m.facilitator.token + "\r\nTransfer-Encoding: chunked\r\n\r\n10;ext=" +
                            std::string(2 * 1024 * 1024, 'a');
    const auto answer = raw_request(server().host(), server().port(), raw);
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer.substr(0, 200);
    EXPECT_EQ(temp_files(), 0u);
    expect_healthy();
}

TEST_F(Documents, connection_stays_usable_after_an_upload) {
    const auto m = make_meeting();
    const std::string body = "första versionen";
    // Expect: 100-continue (as curl sends for large files) and a second request behind it.
    const std::string raw = "POST /meetings/" + std::to_string(m.meeting_id) +
                            "/documents?filename=a.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Authorization: Bearer " +
                            m.facilitator.token +
                            "\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\n"
                            "Content-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body +
                            "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    const auto answer = raw_request(server().host(), server().port(), raw);
    EXPECT_EQ(answer.rfind("HTTP/1.1 100 Continue\r\n", 0), 0u) << answer.substr(0, 300);
    const auto created = answer.find("HTTP/1.1 201");
    ASSERT_NE(created, std::string::npos) << answer;
    EXPECT_NE(answer.find("HTTP/1.1 200", created), std::string::npos) << answer;
}

TEST_F(Documents, demo_kickoff_carries_the_decision_paper) {
    // The demo network's first meeting: the kickoff on 25 November 2022.
    auto pub = connect_public();
    const auto meetings = result_of(pub->call("meeting.list", {{"network_id", 1}}));
    const auto kickoff = int_at(meetings.at("meetings").as_array()[0].as_object(), "meeting_id");
    const auto listed = result_of(pub->call("document.list", {{"meeting_id", kickoff}}));
    ASSERT_FALSE(listed.at("documents").as_array().empty());
    const auto& paper = listed.at("documents").as_array()[0].as_object();
    EXPECT_NE(string_at(paper, "title").find("SKDN 2022/0104"), std::string::npos);
    EXPECT_EQ(string_at(paper, "visibility"), "public");
    // The bytes of the seed document, as they are in server/service/demo/.
    constexpr std::string_view seed_sha256 =
        "32b81eb27eb9bb6c25094fca7b912d14c84fc8453b29dde8e2df6ca844626634";
    EXPECT_EQ(string_at(paper, "latest.sha256"), seed_sha256);
    const auto got = get(string_at(paper, "url"));
    ASSERT_EQ(got.status, 200);
    EXPECT_EQ(sha256_hex(got.body), seed_sha256);
    EXPECT_EQ(got.headers.at("content-type"), "text/plain; charset=utf-8");
    EXPECT_NE(got.body.find("Södermöre kommunaldelsnämnd"), std::string::npos);
}

}  // namespace
}  // namespace traffpunkt::integration
