// Polls in SQLite: round trips of every field, who voted kept apart from anonymous ballots, and
// the schema that makes anonymity hold on disk (no column, row order or time links the two).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/poll_repository.hpp"
#include "traffpunkt/store/statement.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::store {
namespace {

using namespace std::chrono;

class PollRepository : public ::testing::Test {
  protected:
    void SetUp() override {
        apply_migrations(db_);
        domain::network n;
        n.name = "Medborgarbudget";
        n.starts_on = year{2022} / month{9} / day{1};
        n.ends_on = year{2024} / month{8} / day{31};
        const auto network = insert_network(db_, n);
        domain::meeting m;
        m.network_id = network;
        m.title = "Uppstartsträff";
        m.starts_at = domain::parse_instant("2022-11-25T09:00:00Z").value();
        m.ends_at = m.starts_at + hours(6);
        m.created_at = m.updated_at = m.starts_at;
        meeting_ = insert_meeting(db_, m);
    }

    domain::poll pb_poll() const {
        domain::poll p;
        p.meeting_id = meeting_;
        p.kind = domain::poll_kind::pb;
        p.question = "Vilka förslag ska genomföras?";
        p.budget = 1'000'000;
        p.pb_ballot = domain::pb_ballot_kind::knapsack;
        p.pb_utility = domain::pb_utility_kind::approval;
        p.projects = {{1, "Lekplats", "Vid ån", 600'000, std::nullopt},
                      {2, "Belysning", "", 300'000, std::nullopt}};
        p.anonymous = true;
        p.audience = domain::poll_audience::link;
        p.visibility = domain::results_visibility::after_close;
        p.auto_close_at = 1'669'380'000;
        return p;
    }

    /** Column names of a table, in declaration order. */
    std::vector<std::string> columns(const std::string& table) {
        std::vector<std::string> out;
        auto st = db_.prepare("SELECT name FROM pragma_table_info(?1)");
        st.bind(1, std::string_view(table));
        while (st.step()) {
            out.push_back(st.text(0));
        }
        return out;
    }

    database db_{":memory:"};
    domain::id meeting_ = 0;
};

TEST_F(PollRepository, RoundTripsEveryFieldOfAPbPoll) {
    const auto id = insert_poll(db_, pb_poll(), 100);
    const auto found = find_poll(db_, id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->poll_id, id);
    EXPECT_EQ(found->kind, domain::poll_kind::pb);
    EXPECT_EQ(found->question, "Vilka förslag ska genomföras?");
    EXPECT_EQ(found->budget, 1'000'000);
    EXPECT_EQ(found->currency, "SEK");
    EXPECT_EQ(found->pb_ballot, domain::pb_ballot_kind::knapsack);
    EXPECT_EQ(found->pb_utility, domain::pb_utility_kind::approval);
    ASSERT_EQ(found->projects.size(), 2U);
    EXPECT_EQ(found->projects[0].title, "Lekplats");
    EXPECT_EQ(found->projects[0].description, "Vid ån");
    EXPECT_EQ(found->projects[1].cost, 300'000);
    EXPECT_TRUE(found->anonymous);
    EXPECT_EQ(found->audience, domain::poll_audience::link);
    EXPECT_EQ(found->visibility, domain::results_visibility::after_close);
    EXPECT_EQ(found->auto_close_at, 1'669'380'000);
    EXPECT_EQ(found->status, domain::poll_status::draft);
    EXPECT_FALSE(find_poll(db_, id + 1));
}

TEST_F(PollRepository, RoundTripsRuleDistrictsCategoriesAndCoordinates) {
    auto p = pb_poll();
    p.pb_rule = "greedy-no-skip";
    p.pb_min_support = 30;
    p.pb_decimals = 2;
    p.pb_districts = {{"Norr", 500'000}, {"Söder", 250'000}};
    p.projects[0].district = "Norr";
    p.projects[0].categories = {"lek", "idrott"};
    p.projects[0].latitude = "59.3293";
    p.projects[0].longitude = "18.0686";
    const auto id = insert_poll(db_, p, 100);
    auto found = find_poll(db_, id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->pb_rule, "greedy-no-skip");
    EXPECT_EQ(found->pb_min_support, 30);
    EXPECT_EQ(found->pb_decimals, 2);
    ASSERT_EQ(found->pb_districts.size(), 2U);
    EXPECT_EQ(found->pb_districts[1].name, "Söder");
    EXPECT_EQ(found->pb_districts[1].budget, 250'000);
    EXPECT_EQ(found->projects[0].district, "Norr");
    EXPECT_EQ(found->projects[0].categories, (std::vector<std::string>{"lek", "idrott"}));
    EXPECT_EQ(found->projects[0].latitude, "59.3293");
    EXPECT_EQ(found->projects[0].longitude, "18.0686");
    EXPECT_EQ(found->projects[1].district, "");
    EXPECT_TRUE(found->projects[1].categories.empty());
    EXPECT_FALSE(found->projects[1].latitude);
    // Updates replace them; a plain poll keeps no extra rows.
    found->pb_rule.clear();
    found->pb_min_support = 0;
    found->pb_decimals = 0;
    found->pb_districts.clear();
    for (auto& pr : found->projects) {
        pr = {pr.project_id, pr.title, pr.description, pr.cost, pr.organisation_id};
    }
    ASSERT_TRUE(update_poll(db_, *found, 200));
    const auto plain = find_poll(db_, id);
    EXPECT_EQ(plain->pb_rule, "");
    EXPECT_TRUE(plain->pb_districts.empty());
    EXPECT_EQ(plain->projects[0].district, "");
    auto count = db_.prepare(
        "SELECT (SELECT COUNT(*) FROM pb_poll_settings) + (SELECT COUNT(*) FROM pb_districts) + "
        "(SELECT COUNT(*) FROM pb_project_details)");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.int64(0), 0);
}

TEST_F(PollRepository, UpdateReplacesOptionsAndDeleteRemovesEverything) {
    domain::poll p;
    p.meeting_id = meeting_;
    p.kind = domain::poll_kind::single;
    p.question = "Ska vi ses i Kalmar?";
    p.options = {{1, "Ja"}, {2, "Nej"}};
    p.poll_id = insert_poll(db_, p, 100);
    p.options = {{1, "Ja"}, {2, "Nej"}, {3, "Vet inte"}};
    p.status = domain::poll_status::open;
    p.opened_at = 200;
    ASSERT_TRUE(update_poll(db_, p, 200));
    auto found = find_poll(db_, p.poll_id);
    ASSERT_TRUE(found);
    ASSERT_EQ(found->options.size(), 3U);
    EXPECT_EQ(found->options[2].label, "Vet inte");
    EXPECT_EQ(found->status, domain::poll_status::open);
    EXPECT_EQ(found->opened_at, 200);

    insert_voter(db_, p.poll_id, "p:7");
    put_named_ballot(db_, p.poll_id, "p:7", R"({"option":1})", 210);
    set_final_results(db_, p.poll_id, R"({"final":true})");
    EXPECT_EQ(final_results(db_, p.poll_id), R"({"final":true})");
    ASSERT_TRUE(delete_poll(db_, p.poll_id));
    EXPECT_FALSE(find_poll(db_, p.poll_id));
    EXPECT_TRUE(list_voters(db_, p.poll_id).empty());
    EXPECT_TRUE(list_named_ballots(db_, p.poll_id).empty());
    EXPECT_FALSE(delete_poll(db_, p.poll_id));
    EXPECT_FALSE(update_poll(db_, p, 300));
}

TEST_F(PollRepository, OneVoterRowPerPollAndVotersListedInKeyOrderNotVotingOrder) {
    const auto id = insert_poll(db_, pb_poll(), 100);
    for (const char* voter : {"p:9", "a:3", "p:10", "p:2"}) {
        insert_voter(db_, id, voter);
    }
    EXPECT_THROW(insert_voter(db_, id, "p:9"), store_error);
    const auto voters = list_voters(db_, id);
    EXPECT_TRUE(std::is_sorted(voters.begin(), voters.end()));
    EXPECT_EQ(voters.size(), 4U);
    EXPECT_EQ(count_voters(db_, id), 4);
}

TEST_F(PollRepository, NamedBallotIsReplacedKeepingWhenItWasFirstCast) {
    domain::poll p;
    p.meeting_id = meeting_;
    p.kind = domain::poll_kind::single;
    p.question = "Ja eller nej?";
    p.options = {{1, "Ja"}, {2, "Nej"}};
    const auto id = insert_poll(db_, p, 100);
    put_named_ballot(db_, id, "p:1", R"({"option":1})", 110);
    put_named_ballot(db_, id, "p:1", R"({"option":2})", 120);
    const auto rows = list_named_ballots(db_, id);
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0].ballot, R"({"option":2})");
    EXPECT_EQ(rows[0].cast_at, 110);
    EXPECT_EQ(rows[0].changed_at, 120);
}

TEST_F(PollRepository, AnonymousBallotsHaveNoVoterNoTimeNoRowidAndKeyOrder) {
    // The schema itself: nothing in anonymous_ballots can name or time a voter, and neither
    // table has a rowid that would number rows in the order they were written.
    EXPECT_EQ(columns("anonymous_ballots"),
              (std::vector<std::string>{"poll_id", "ballot_key", "ballot"}));
    EXPECT_EQ(columns("poll_voters"), (std::vector<std::string>{"poll_id", "voter"}));
    for (const char* table : {"anonymous_ballots", "poll_voters"}) {
        EXPECT_THROW(db_.prepare(std::string("SELECT rowid FROM ") + table), store_error)
            << table << " must be WITHOUT ROWID";
    }

    const auto id = insert_poll(db_, pb_poll(), 100);
    const std::vector<std::string> keys{"ffffffffffffffffffffffffffffffff",
                                        "00000000000000000000000000000000",
                                        "7fffffffffffffffffffffffffffffff"};
    for (std::size_t i = 0; i < keys.size(); ++i) {
        insert_anonymous_ballot(db_, id, keys[i], "ballot " + std::to_string(i));
    }
    // Read back in key order, not in the order written.
    EXPECT_EQ(list_anonymous_ballots(db_, id),
              (std::vector<std::string>{"ballot 1", "ballot 2", "ballot 0"}));
    // A key must be 32 characters: a shorter one (a counter, a person id) is refused.
    EXPECT_THROW(insert_anonymous_ballot(db_, id, "1", "x"), store_error);
}

TEST_F(PollRepository, PollLinkAndAudienceTokens) {
    EXPECT_FALSE(poll_link_of(db_, meeting_));
    set_poll_link(db_, meeting_, "kod-ett", 100);
    EXPECT_EQ(find_poll_link(db_, "kod-ett"), meeting_);
    set_poll_link(db_, meeting_, "kod-tva", 200);
    EXPECT_EQ(poll_link_of(db_, meeting_), "kod-tva");
    EXPECT_FALSE(find_poll_link(db_, "kod-ett")) << "a rotated code stops working";

    const auto token = insert_audience_token(db_, "hash-1", meeting_, 300);
    const auto found = find_audience_token(db_, "hash-1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->token_id, token);
    EXPECT_EQ(found->meeting_id, meeting_);
    EXPECT_FALSE(find_audience_token(db_, "hash-2"));
    EXPECT_EQ(count_audience_tokens(db_, meeting_), 1);
}

TEST_F(PollRepository, TheAudienceCountFollowsInsertsAndDeletesOfTokens) {
    EXPECT_EQ(count_audience_tokens(db_, meeting_), 0) << "no device yet";
    for (int i = 0; i < 5; ++i) {
        insert_audience_token(db_, "hash-" + std::to_string(i), meeting_, 100 + i);
    }
    EXPECT_EQ(count_audience_tokens(db_, meeting_), 5);
    // Whatever removes tokens (none of our code does yet) keeps the count right too.
    db_.exec("DELETE FROM audience_tokens WHERE token_hash IN ('hash-0', 'hash-1')");
    EXPECT_EQ(count_audience_tokens(db_, meeting_), 3);
}

TEST_F(PollRepository, OpenPollsWithADeadlineAreListedForStartUp) {
    auto p = pb_poll();
    p.poll_id = insert_poll(db_, p, 100);
    EXPECT_TRUE(list_open_polls_with_deadline(db_).empty()) << "a draft has no timer";
    p.status = domain::poll_status::open;
    p.opened_at = 150;
    ASSERT_TRUE(update_poll(db_, p, 150));
    const auto open = list_open_polls_with_deadline(db_);
    ASSERT_EQ(open.size(), 1U);
    EXPECT_EQ(open[0].poll_id, p.poll_id);
    EXPECT_EQ(list_meeting_polls(db_, meeting_).size(), 1U);
}

}  // namespace
}  // namespace traffpunkt::store
