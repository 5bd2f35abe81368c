// Connecting and authenticating (PROTOCOL.md "Connecting", "Roles", "auth").
#include "integration_fixture.hpp"

#include <cstdlib>

namespace traffpunkt::integration {
namespace {

using testing::http_request;

class Auth : public integration_fixture {};

/** The upgrade headers a WebSocket client sends, for refusals checked with plain HTTP. */
std::map<std::string, std::string> upgrade_headers() {
    return {{"Upgrade", "websocket"},
            {"Connection", "Upgrade"},
            {"Sec-WebSocket-Version", "13"},
            {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
            {"Sec-WebSocket-Protocol", "traffpunkt.v1"}};
}

TEST_F(Auth, bearer_header_on_upgrade_makes_coordinator) {
    auto client = connect_coordinator();
    // A coordinator-only write succeeds: the connection was authenticated by the header.
    const auto network = create_network(*client);
    EXPECT_GT(network, 0);
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Auth, access_token_query_parameter_authenticates) {
    connect_options options;
    options.target = "/ws?access_token=" + coordinator_token();
    auto client = connect_to(server(), options);
    EXPECT_GT(create_network(*client), 0);
}

TEST_F(Auth, auth_op_turns_public_connection_into_coordinator) {
    auto client = connect_public();
    const auto before = client->call(
        "network.create",
        {{"name", unique_name("N")}, {"starts_on", "2030-01-01"}, {"ends_on", "2030-12-31"}});
    EXPECT_EQ(error_code(before), "forbidden");

    const auto auth = result_of(client->call("auth", {{"token", coordinator_token()}}));
    EXPECT_EQ(string_at(auth, "role"), "coordinator");
    ASSERT_TRUE(auth.contains("person"));
    EXPECT_TRUE(auth.at("person").is_null());
    ASSERT_TRUE(auth.contains("name"));
    ASSERT_TRUE(auth.contains("facilitates"));
    EXPECT_TRUE(auth.at("facilitates").is_array());

    EXPECT_GT(create_network(*client), 0);
}

TEST_F(Auth, auth_op_with_person_token_returns_person) {
    auto coordinator = connect_coordinator();
    const auto person = create_person(*coordinator, member_organisation(*coordinator));
    EXPECT_EQ(person.token.size(), 43u) << "tokens are 256 bits in base64url";

    auto client = connect_public();
    const auto auth = result_of(client->call("auth", {{"token", person.token}}));
    EXPECT_EQ(string_at(auth, "role"), "participant");
    EXPECT_EQ(int_at(auth, "person.person_id"), person.person_id);
    // The person sees their own e-mail address.
    EXPECT_FALSE(string_at(auth, "person.email").empty());
    EXPECT_TRUE(auth.at("facilitates").as_array().empty());
}

TEST_F(Auth, wrong_token_on_upgrade_is_refused_with_401) {
    connect_options options;
    options.bearer_token = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    try {
        connect_to(server(), options);
        ADD_FAILURE() << "upgrade with an unknown token succeeded";
    } catch (const upgrade_refused& refused) {
        EXPECT_EQ(refused.status(), 401);
    }
    options.bearer_token.reset();
    options.target = "/ws?access_token=nope";
    try {
        connect_to(server(), options);
        ADD_FAILURE() << "upgrade with an unknown access_token succeeded";
    } catch (const upgrade_refused& refused) {
        EXPECT_EQ(refused.status(), 401);
    }
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Auth, revoked_token_is_refused) {
    const auto token = server().create_token("coordinator", {}, "to-revoke");
    auto before = connect_with(token);
    EXPECT_TRUE(before->call("network.list").contains("result"));

    // The documented way to revoke, while the server runs (token and data dir are shell-safe).
    const std::string command = std::string(TRAFFPUNKT_BINARY) + " --data-dir '" +
                                server().data_dir() + "' token revoke --token " + token +
                                " > /dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;

    try {
        connect_with(token);
        ADD_FAILURE() << "upgrade with a revoked token succeeded";
    } catch (const upgrade_refused& refused) {
        EXPECT_EQ(refused.status(), 401);
    }
    auto client = connect_public();
    EXPECT_EQ(error_code(client->call("auth", {{"token", token}})), "unauthorized");
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Auth, authorization_header_that_is_not_bearer_is_refused_with_401) {
    auto headers = upgrade_headers();
    headers["Authorization"] = "Basic dXNlcjpwYXNz";
    const auto answer = http_request(server().host(), server().port(), "GET", "/ws", headers);
    EXPECT_EQ(answer.status, 401);
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Auth, wrong_token_in_auth_op_is_unauthorized_and_connection_stays) {
    auto client = connect_public();
    const auto answer = client->call("auth", {{"token", "wrong"}});
    EXPECT_EQ(error_code(answer), "unauthorized");
    ASSERT_TRUE(answer.contains("re"));
    // The connection is still usable, as public.
    EXPECT_TRUE(client->call("network.list").contains("result"));
    EXPECT_EQ(error_code(client->call("person.get", {{"person_id", 1}})), "forbidden");
}

TEST_F(Auth, subprotocol_is_negotiated) {
    auto client = connect_public();
    EXPECT_EQ(client->negotiated_subprotocol(), "traffpunkt.v1");
}

TEST_F(Auth, subprotocol_is_chosen_among_several_offered) {
    connect_options options;
    options.subprotocol = "chat.v9, traffpunkt.v1";
    auto client = connect_to(server(), options);
    EXPECT_EQ(client->negotiated_subprotocol(), "traffpunkt.v1");
}

TEST_F(Auth, no_subprotocol_is_served_as_v1) {
    connect_options options;
    options.subprotocol.clear();
    auto client = connect_to(server(), options);
    EXPECT_EQ(client->negotiated_subprotocol(), "");
    EXPECT_TRUE(client->call("network.list").contains("result"));
}

TEST_F(Auth, only_unsupported_subprotocols_are_refused_with_400) {
    connect_options options;
    options.subprotocol = "traffpunkt.v2, chat";
    try {
        connect_to(server(), options);
        ADD_FAILURE() << "upgrade with only unsupported subprotocols succeeded";
    } catch (const upgrade_refused& refused) {
        EXPECT_EQ(refused.status(), 400);
    }
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Auth, upgrade_on_other_path_is_404) {
    connect_options options;
    options.target = "/socket";
    try {
        connect_to(server(), options);
        ADD_FAILURE() << "upgrade on /socket succeeded";
    } catch (const upgrade_refused& refused) {
        EXPECT_EQ(refused.status(), 404);
    }
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Auth, default_allowed_origin_is_the_public_base_url) {
    // Default config: public_base_url is http://127.0.0.1:8080, so that origin is allowed.
    connect_options options;
    options.origin = "http://127.0.0.1:8080";
    auto client = connect_to(server(), options);
    EXPECT_TRUE(client->call("network.list").contains("result"));

    options.origin = "https://evil.example.com";
    try {
        connect_to(server(), options);
        ADD_FAILURE() << "upgrade from a foreign origin succeeded";
    } catch (const upgrade_refused& refused) {
        EXPECT_EQ(refused.status(), 403);
    }
}

}  // namespace
}  // namespace traffpunkt::integration
