// The coordinator's people and personal links (issue 18): person.list (by organisation, a text
// search, paging), person.update (the rules of person.create), person.link (a new link revokes
// the old ones) and person.link.revoke.
#include <ctime>
#include <regex>
#include <set>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

class People : public integration_fixture {
  protected:
    std::unique_ptr<ws_client> coordinator = connect_coordinator();

    std::int64_t new_organisation() {
        const auto r = result_of(coordinator->call(
            "org.admit", {{"network_id", 1},
                          {"organisation",
                           {{"name", unique_name("Mönsterås kommun")}, {"kind", "municipality"}}},
                          {"decision",
                           {{"deciding_body", "Kommunstyrelsen"},
                            {"diary_number", "KS 2031/1"},
                            {"decided_on", "2031-01-10"}}}}));
        return int_at(r, "member.organisation.organisation_id");
    }

    json::object create(std::int64_t org, const std::string& name, const std::string& email) {
        return result_of(coordinator->call(
            "person.create",
            {{"name", name}, {"email", email}, {"organisation_id", org}, {"role", "official"}}));
    }

    testing::http_result get(const std::string& target, const std::string& token) {
        return testing::http_request(server().host(), server().port(), "GET", target,
                                     {{"Authorization", "Bearer " + token}});
    }
};

std::vector<std::string> names_of(const json::object& result) {
    std::vector<std::string> out;
    for (const auto& p : result.at("people").as_array()) {
        out.emplace_back(p.at("name").as_string());
    }
    return out;
}

TEST_F(People, ListFiltersByOrganisationSearchesAndPages) {
    const auto org = new_organisation();
    const auto tag = unique_name("x");
    create(org, "Örjan Ek " + tag, tag + ".orjan@example.se");
    create(org, "Åsa Berg " + tag, tag + ".asa@example.se");
    create(org, "Bo Lind " + tag, tag + ".bo@lindmail.example.se");
    const auto all = result_of(coordinator->call("person.list", {{"organisation_id", org}}));
    EXPECT_EQ(int_at(all, "total"), 3);
    // By name, ignoring case (SQLite orders the Latin-1 letters after Z, as Swedish does).
    EXPECT_EQ(names_of(all),
              (std::vector<std::string>{"Bo Lind " + tag, "Åsa Berg " + tag, "Örjan Ek " + tag}));
    ASSERT_TRUE(all.at("people").as_array()[0].as_object().contains("email"));
    EXPECT_TRUE(all.at("people").as_array()[0].at("link_issued_at").is_string());

    // A search in name or e-mail, ignoring case, also for Å, Ä and Ö.
    const auto by_name = result_of(
        coordinator->call("person.list", {{"organisation_id", org}, {"query", "  åSA berg  "}}));
    EXPECT_EQ(names_of(by_name), (std::vector<std::string>{"Åsa Berg " + tag}));
    const auto by_mail = result_of(
        coordinator->call("person.list", {{"organisation_id", org}, {"query", "LINDMAIL"}}));
    EXPECT_EQ(names_of(by_mail), (std::vector<std::string>{"Bo Lind " + tag}));
    const auto everywhere = result_of(coordinator->call("person.list", {{"query", tag}}));
    EXPECT_EQ(int_at(everywhere, "total"), 3);

    // Pages.
    const auto page = result_of(
        coordinator->call("person.list", {{"organisation_id", org}, {"limit", 2}, {"offset", 1}}));
    EXPECT_EQ(int_at(page, "total"), 3);
    EXPECT_EQ(int_at(page, "offset"), 1);
    EXPECT_EQ(names_of(page), (std::vector<std::string>{"Åsa Berg " + tag, "Örjan Ek " + tag}));

    // Bad args.
    EXPECT_EQ(error_code(coordinator->call("person.list", {{"limit", 0}})), "invalid_args");
    EXPECT_EQ(error_field(coordinator->call("person.list", {{"limit", 201}})), "limit");
    EXPECT_EQ(error_field(coordinator->call("person.list", {{"offset", -1}})), "offset");
    EXPECT_EQ(error_field(coordinator->call("person.list", {{"query", 7}})), "query");
    EXPECT_EQ(error_code(coordinator->call("person.list", {{"organisation_id", 999999}})),
              "not_found");
    EXPECT_EQ(error_code(coordinator->call("person.list", {{"colour", "blue"}})), "invalid_args");
}

TEST_F(People, UpdateFollowsTheRulesOfCreate) {
    const auto org = new_organisation();
    const auto other_org = new_organisation();
    const auto tag = unique_name("u");
    const auto a = create(org, "Anna " + tag, tag + ".a@example.se");
    create(org, "Berit " + tag, tag + ".b@example.se");
    const auto id = int_at(a, "person.person_id");

    const auto changed =
        result_of(coordinator->call("person.update", {{"person_id", id},
                                                      {"name", "Anna Ny " + tag},
                                                      {"email", "  " + tag + ".ny@example.se "},
                                                      {"organisation_id", other_org},
                                                      {"role", "elected"}}));
    EXPECT_EQ(string_at(changed, "person.name"), "Anna Ny " + tag);
    EXPECT_EQ(string_at(changed, "person.email"), tag + ".ny@example.se");
    EXPECT_EQ(int_at(changed, "person.organisation_id"), other_org);
    EXPECT_EQ(string_at(changed, "person.role"), "elected");
    const auto read = result_of(coordinator->call("person.get", {{"person_id", id}}));
    EXPECT_EQ(string_at(read, "person.email"), tag + ".ny@example.se");

    // Another person's address (ignoring case) -> conflict naming the field; nothing changed.
    const auto taken =
        coordinator->call("person.update", {{"person_id", id}, {"email", tag + ".B@EXAMPLE.se"}});
    EXPECT_EQ(error_code(taken), "conflict");
    EXPECT_EQ(error_field(taken), "email");
    // The person's own address again is fine.
    result_of(
        coordinator->call("person.update", {{"person_id", id}, {"email", tag + ".NY@example.se"}}));
    EXPECT_EQ(error_field(coordinator->call("person.update",
                                            {{"person_id", id}, {"email", "inte en adress"}})),
              "email");
    EXPECT_EQ(error_field(coordinator->call("person.update", {{"person_id", id}, {"name", ""}})),
              "name");
    EXPECT_EQ(
        error_field(coordinator->call("person.update", {{"person_id", id}, {"name", nullptr}})),
        "name");
    EXPECT_EQ(
        error_field(coordinator->call("person.update", {{"person_id", id}, {"role", "boss"}})),
        "role");
    EXPECT_EQ(error_code(coordinator->call("person.update",
                                           {{"person_id", id}, {"organisation_id", 999999}})),
              "not_found");
    EXPECT_EQ(
        error_code(coordinator->call("person.update", {{"person_id", 999999}, {"name", "Ingen"}})),
        "not_found");
    EXPECT_EQ(error_code(coordinator->call("person.update", {{"person_id", id}})), "invalid_args");
    const auto after = result_of(coordinator->call("person.get", {{"person_id", id}}));
    EXPECT_EQ(string_at(after, "person.name"), "Anna Ny " + tag);
    EXPECT_EQ(string_at(after, "person.email"), tag + ".NY@example.se");
}

TEST_F(People, LinkReissuesAndRevokes) {
    const auto org = member_organisation(*coordinator);
    const auto p = make_person(*coordinator, org);
    const auto first_token = p.token;
    EXPECT_EQ(error_code(connect_with(first_token)->call("auth", {{"token", first_token}})), "");

    const auto idem = unique_name("link");
    const auto issued =
        result_of(coordinator->call("person.link", {{"person_id", p.person_id}}, idem));
    EXPECT_EQ(int_at(issued, "person_id"), p.person_id);
    EXPECT_EQ(int_at(issued, "revoked"), 1);
    const auto second_token = string_at(issued, "token");
    EXPECT_EQ(second_token.size(), 43u);
    // <public_base_url>/#/me?token=<token>
    EXPECT_TRUE(string_at(issued, "url").starts_with("http://")) << string_at(issued, "url");
    EXPECT_TRUE(string_at(issued, "url").ends_with("/#/me?token=" + second_token));
    // The new link works; the old one does not.
    auto fresh = connect_public();
    EXPECT_EQ(int_at(result_of(fresh->call("auth", {{"token", second_token}})), "person.person_id"),
              p.person_id);
    EXPECT_EQ(error_code(connect_public()->call("auth", {{"token", first_token}})), "unauthorized");
    // A retry gets no token again (only the hash is stored) and makes no new one.
    const auto retry =
        result_of(coordinator->call("person.link", {{"person_id", p.person_id}}, idem));
    EXPECT_TRUE(retry.at("token").is_null());
    EXPECT_TRUE(retry.at("url").is_null());
    result_of(connect_public()->call("auth", {{"token", second_token}}));
    // The list says when the working link was made.
    const auto listed = result_of(coordinator->call(
        "person.list", {{"organisation_id", org}, {"query", "Deltagare"}, {"limit", 200}}));
    bool seen = false;
    for (const auto& x : listed.at("people").as_array()) {
        if (x.at("person_id").as_int64() == p.person_id) {
            seen = true;
            EXPECT_TRUE(x.at("link_issued_at").is_string());
        }
    }
    EXPECT_TRUE(seen);

    // Revoking: no link of the person works any more.
    const auto revoked =
        result_of(coordinator->call("person.link.revoke", {{"person_id", p.person_id}}));
    EXPECT_EQ(int_at(revoked, "revoked"), 1);
    EXPECT_EQ(error_code(connect_public()->call("auth", {{"token", second_token}})),
              "unauthorized");
    EXPECT_EQ(testing::http_request(server().host(), server().port(), "GET",
                                    "/calendar/person/" + second_token + ".ics")
                  .status,
              404);
    EXPECT_EQ(
        int_at(result_of(coordinator->call("person.link.revoke", {{"person_id", p.person_id}})),
               "revoked"),
        0);
    const auto relisted = result_of(coordinator->call(
        "person.list", {{"organisation_id", org}, {"query", "Deltagare"}, {"limit", 200}}));
    for (const auto& x : relisted.at("people").as_array()) {
        if (x.at("person_id").as_int64() == p.person_id) {
            EXPECT_TRUE(x.at("link_issued_at").is_null());
        }
    }
    EXPECT_EQ(error_code(coordinator->call("person.link", {{"person_id", 999999}})), "not_found");
    EXPECT_EQ(error_code(coordinator->call("person.link.revoke", {{"person_id", 999999}})),
              "not_found");
    EXPECT_EQ(error_field(coordinator->call("person.link", {{"person_id", "1"}})), "person_id");
}

}  // namespace
}  // namespace traffpunkt::integration
