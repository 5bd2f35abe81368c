#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "support/test_instant.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/document_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::store {
namespace {

using namespace std::chrono;

using test::at;

class DocumentRepository : public ::testing::Test {
  protected:
    void SetUp() override {
        apply_migrations(db_);
        domain::network n;
        n.name = "Medborgarbudget";
        n.starts_on = year{2022} / month{9} / day{1};
        n.ends_on = year{2024} / month{8} / day{31};
        const auto network = insert_network(db_, n);
        const auto org =
            insert_organisation(db_, {0, "Kalmar kommun", domain::org_kind::municipality});
        domain::person p;
        p.name = "Hanna Ivarsson";
        p.email = "hanna@kalmar.se";
        p.organisation_id = org;
        hanna_ = insert_person(db_, p, at("2022-08-01T00:00:00Z"));
        domain::meeting m;
        m.network_id = network;
        m.title = "Första nätverksträffen";
        m.starts_at = at("2022-11-25T10:00:00+01:00");
        m.ends_at = at("2022-11-25T16:00:00+01:00");
        m.format = domain::meeting_format::hybrid;
        m.status = domain::meeting_status::published;
        m.created_at = m.updated_at = at("2022-09-01T00:00:00Z");
        meeting_ = insert_meeting(db_, m);
        m.title = "Andra träffen";
        other_meeting_ = insert_meeting(db_, m);
    }

    domain::document paper() const {
        domain::document d;
        d.meeting_id = meeting_;
        d.title = "Tjänsteskrivelse SKDN 2022/0104";
        d.visibility = domain::document_visibility::anyone;
        d.created_at = d.updated_at = at("2022-11-01T08:00:00Z");
        return d;
    }

    domain::document_version version_of(domain::id document_id, char digit) const {
        domain::document_version v;
        v.document_id = document_id;
        v.sha256 = std::string(64, digit);
        v.size = 2160;
        v.content_type = "text/plain; charset=utf-8";
        v.filename = "tjänsteskrivelse.txt";
        v.uploaded_by = hanna_;
        v.uploaded_by_name = "Hanna Ivarsson";
        v.uploaded_at = at("2022-11-01T08:00:00Z");
        return v;
    }

    database db_{":memory:"};
    domain::id hanna_ = 0;
    domain::id meeting_ = 0;
    domain::id other_meeting_ = 0;
};

TEST_F(DocumentRepository, document_round_trips) {
    auto d = paper();
    d.document_id = insert_document(db_, d);
    EXPECT_GT(d.document_id, 0);
    EXPECT_EQ(find_document(db_, d.document_id), d);
    EXPECT_FALSE(find_document(db_, d.document_id + 1).has_value());
}

TEST_F(DocumentRepository, versions_are_numbered_per_document_from_one) {
    const auto a = insert_document(db_, paper());
    const auto b = insert_document(db_, paper());
    EXPECT_EQ(insert_document_version(db_, version_of(a, 'a')), 1);
    EXPECT_EQ(insert_document_version(db_, version_of(a, 'b')), 2);
    EXPECT_EQ(insert_document_version(db_, version_of(b, 'c')), 1);
    EXPECT_EQ(insert_document_version(db_, version_of(a, 'd')), 3);

    const auto versions = list_document_versions(db_, a);
    ASSERT_EQ(versions.size(), 3u);
    EXPECT_EQ(versions[0].version, 1);
    EXPECT_EQ(versions[0].sha256, std::string(64, 'a'));
    EXPECT_EQ(versions[2].sha256, std::string(64, 'd'));
    auto expected = version_of(a, 'b');
    expected.version = 2;
    EXPECT_EQ(find_document_version(db_, a, 2), expected);
    EXPECT_FALSE(find_document_version(db_, a, 4).has_value());
    EXPECT_FALSE(find_document_version(db_, a, 0).has_value());
    EXPECT_EQ(latest_document_version(db_, a)->version, 3);
    EXPECT_EQ(latest_document_version(db_, b)->version, 1);
}

TEST_F(DocumentRepository, a_version_needs_an_existing_document_and_a_real_hash) {
    EXPECT_THROW(insert_document_version(db_, version_of(999, 'a')), store_error);
    const auto a = insert_document(db_, paper());
    auto bad = version_of(a, 'a');
    bad.sha256 = "abc";
    EXPECT_THROW(insert_document_version(db_, bad), store_error);
    EXPECT_TRUE(list_document_versions(db_, a).empty());
}

TEST_F(DocumentRepository, coordinator_uploads_have_no_person) {
    const auto a = insert_document(db_, paper());
    auto v = version_of(a, 'e');
    v.uploaded_by.reset();
    v.uploaded_by_name = "coordinator cli";
    insert_document_version(db_, v);
    const auto stored = latest_document_version(db_, a);
    ASSERT_TRUE(stored.has_value());
    EXPECT_FALSE(stored->uploaded_by.has_value());
    EXPECT_EQ(stored->uploaded_by_name, "coordinator cli");
}

TEST_F(DocumentRepository, listing_skips_removed_documents_and_other_meetings) {
    auto first = paper();
    first.document_id = insert_document(db_, first);
    insert_document_version(db_, version_of(first.document_id, '1'));
    insert_document_version(db_, version_of(first.document_id, '2'));
    auto removed = paper();
    removed.title = "Borttagen";
    removed.document_id = insert_document(db_, removed);
    insert_document_version(db_, version_of(removed.document_id, '3'));
    auto elsewhere = paper();
    elsewhere.meeting_id = other_meeting_;
    elsewhere.document_id = insert_document(db_, elsewhere);
    insert_document_version(db_, version_of(elsewhere.document_id, '4'));
    auto empty = paper();
    empty.title = "Ingen version";
    insert_document(db_, empty);

    removed.removed_at = at("2022-11-02T08:00:00Z");
    removed.updated_at = *removed.removed_at;
    EXPECT_TRUE(update_document(db_, removed));
    EXPECT_EQ(find_document(db_, removed.document_id), removed);

    const auto listed = list_meeting_documents(db_, meeting_);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].doc, first);
    EXPECT_EQ(listed[0].latest.version, 2);
    EXPECT_EQ(listed[0].latest.sha256, std::string(64, '2'));
}

TEST_F(DocumentRepository, update_of_an_unknown_document_changes_nothing) {
    auto d = paper();
    d.document_id = 42;
    EXPECT_FALSE(update_document(db_, d));
}

TEST_F(DocumentRepository, visibility_is_checked_by_the_schema) {
    const auto id = insert_document(db_, paper());
    EXPECT_THROW(db_.exec("UPDATE documents SET visibility = 'everyone' WHERE document_id = " +
                          std::to_string(id)),
                 store_error);
    // A value written around the schema's check is reported, not read as a default.
    db_.exec("PRAGMA ignore_check_constraints = ON");
    db_.exec("UPDATE documents SET visibility = 'everyone' WHERE document_id = " +
             std::to_string(id));
    EXPECT_THROW(find_document(db_, id), store_error);
}

TEST_F(DocumentRepository, agenda_item_must_belong_to_the_meeting) {
    EXPECT_FALSE(agenda_item_in_meeting(db_, 1, meeting_));
    db_.exec(
        "INSERT INTO agenda_items (item_id, meeting_id, position, title, kind, starts_at, "
        "duration_minutes, updated_at) VALUES (7, " +
        std::to_string(meeting_) + ", 1, 'Inledning', 'talk', 0, 30, 0)");
    EXPECT_TRUE(agenda_item_in_meeting(db_, 7, meeting_));
    EXPECT_FALSE(agenda_item_in_meeting(db_, 7, other_meeting_));

    // Removing the item moves its documents to the meeting itself.
    auto d = paper();
    d.agenda_item_id = 7;
    d.document_id = insert_document(db_, d);
    db_.exec("DELETE FROM agenda_items WHERE item_id = 7");
    EXPECT_FALSE(find_document(db_, d.document_id)->agenda_item_id.has_value());
}

}  // namespace
}  // namespace traffpunkt::store
