// The mail outbox (migration 12): what is due, in order per recipient; claiming and recording;
// superseded mails; recovery after a crash; reminders once; what is kept and for how long.
#include <gtest/gtest.h>

#include <chrono>

#include "support/test_instant.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/mail_outbox_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/registration_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::store {
namespace {

using namespace std::chrono;

using test::at;

class MailOutboxRepository : public ::testing::Test {
  protected:
    void SetUp() override {
        apply_migrations(db_);
        domain::network n;
        n.name = "Medborgarbudget";
        n.starts_on = year{2022} / month{9} / day{1};
        n.ends_on = year{2024} / month{8} / day{31};
        network_ = insert_network(db_, n);
        org_ = insert_organisation(db_, {0, "Kalmar kommun", domain::org_kind::municipality});
        asa_ = person("Åsa Öberg", "asa@kalmar.example");
        erik_ = person("Erik Ek", "erik@kalmar.example");
        domain::meeting m;
        m.network_id = network_;
        m.title = "Träff";
        m.starts_at = at("2022-11-25T09:00:00Z");
        m.ends_at = m.starts_at + hours(6);
        m.status = domain::meeting_status::published;
        m.created_at = m.updated_at = now_;
        meeting_ = insert_meeting(db_, m);
    }

    domain::id person(const char* name, const char* email) {
        domain::person p;
        p.name = name;
        p.email = email;
        p.organisation_id = org_;
        return insert_person(db_, p, now_);
    }

    domain::id registration(domain::id person, domain::instant registered_at) {
        domain::registration r;
        r.meeting_id = meeting_;
        r.person_id = person;
        r.organisation_id = org_;
        r.arrival = ++arrivals_;
        r.checkin_code = "C" + std::to_string(arrivals_);
        r.registered_at = r.updated_at = registered_at;
        return insert_registration(db_, r);
    }

    domain::id mail(domain::id person, const char* recipient, const char* kind = "reminder",
                    std::optional<std::string> dedupe = {}) {
        outbox_mail m;
        m.message_id = "id." + std::to_string(++mails_) + "@skr.example";
        m.kind = kind;
        m.person_id = person;
        m.meeting_id = meeting_;
        m.recipient = recipient;
        m.recipient_name = "Namn";
        m.created_at = m.next_attempt_at = now_;
        m.dedupe_key = std::move(dedupe);
        return insert_mail(db_, m);
    }

    std::vector<domain::id> due_ids(domain::instant t) {
        std::vector<domain::id> ids;
        for (const auto& m : due_mails(db_, t, 100)) {
            ids.push_back(m.mail_id);
        }
        return ids;
    }

    database db_{":memory:"};
    domain::instant now_ = at("2022-10-01T09:00:00Z");
    domain::id network_ = 0, org_ = 0, asa_ = 0, erik_ = 0, meeting_ = 0;
    int arrivals_ = 0;
    int mails_ = 0;
};

TEST_F(MailOutboxRepository, RoundTripsARow) {
    const auto id = mail(asa_, "asa@kalmar.example", "registration_confirmed");
    const auto m = find_mail(db_, id);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->kind, "registration_confirmed");
    EXPECT_EQ(m->status, mail_status::queued);
    EXPECT_EQ(m->person_id, asa_);
    EXPECT_EQ(m->meeting_id, meeting_);
    EXPECT_EQ(m->recipient, "asa@kalmar.example");
    EXPECT_EQ(m->attempts, 0);
    EXPECT_FALSE(m->message);
    EXPECT_EQ(m->message_id, "id.1@skr.example");
}

TEST_F(MailOutboxRepository, OneRecipientsMailsGoInOrder) {
    const auto a1 = mail(asa_, "asa@kalmar.example");
    const auto e1 = mail(erik_, "erik@kalmar.example");
    const auto a2 = mail(asa_, "ASA@kalmar.example");  // the same mailbox, typed otherwise
    EXPECT_EQ(due_ids(now_), (std::vector<domain::id>{a1, e1}));
    // a1 is being sent: a2 still waits behind it.
    ASSERT_TRUE(claim_mail(db_, a1, "s", "message", now_));
    EXPECT_EQ(due_ids(now_), (std::vector<domain::id>{e1}));
    // a1 waits for a retry: a2 still waits, also when it would be due.
    ASSERT_TRUE(mark_retry(db_, a1, now_ + minutes(5), "421 try later"));
    EXPECT_EQ(due_ids(now_), (std::vector<domain::id>{e1}));
    EXPECT_EQ(next_due(db_, now_), now_ + minutes(5));
    EXPECT_EQ(due_ids(now_ + minutes(5)), (std::vector<domain::id>{a1, e1}));
    ASSERT_TRUE(claim_mail(db_, a1, "other", "other message", now_ + minutes(5)));
    ASSERT_TRUE(mark_sent(db_, a1, now_ + minutes(5), "250 OK", "{}", false));
    EXPECT_EQ(due_ids(now_ + minutes(5)), (std::vector<domain::id>{e1, a2}));
}

TEST_F(MailOutboxRepository, EveryAttemptSendsTheFirstRendering) {
    const auto id = mail(asa_, "asa@kalmar.example");
    ASSERT_TRUE(claim_mail(db_, id, "first subject", "first bytes", now_));
    ASSERT_TRUE(mark_retry(db_, id, now_, "451 later"));
    ASSERT_TRUE(claim_mail(db_, id, "second subject", "second bytes", now_ + hours(1)));
    const auto m = find_mail(db_, id);
    EXPECT_EQ(m->message, "first bytes");
    EXPECT_EQ(m->subject, "first subject");
    EXPECT_EQ(m->rendered_at, now_);
    EXPECT_EQ(m->attempts, 2);
    EXPECT_EQ(m->last_reply, "451 later");
}

TEST_F(MailOutboxRepository, OnlyAQueuedRowCanBeClaimed) {
    const auto id = mail(asa_, "asa@kalmar.example");
    ASSERT_TRUE(mark_dropped(db_, id, "superseded"));
    EXPECT_FALSE(claim_mail(db_, id, "s", "m", now_));
    EXPECT_FALSE(mark_sent(db_, id, now_, "250", "{}", false));
    EXPECT_EQ(find_mail(db_, id)->status, mail_status::dropped);
}

TEST_F(MailOutboxRepository, SentRowsForgetTheirTokenAndFailedOnesTheirReply) {
    const auto id = mail(asa_, "asa@kalmar.example", "personal_link");
    ASSERT_TRUE(claim_mail(db_, id, "Din länk", "token in here", now_));
    ASSERT_TRUE(mark_sent(db_, id, now_, "250 2.0.0 queued", "{\"reason\":\"created\"}", true));
    auto m = find_mail(db_, id);
    EXPECT_EQ(m->status, mail_status::sent);
    EXPECT_FALSE(m->message) << "a personal link's message is blanked at once";
    EXPECT_EQ(m->payload, "{\"reason\":\"created\"}");
    EXPECT_EQ(m->last_reply, "250 2.0.0 queued");
    EXPECT_EQ(m->sent_at, now_);

    const auto bad = mail(erik_, "erik@kalmar.example");
    ASSERT_TRUE(claim_mail(db_, bad, "s", "m", now_));
    ASSERT_TRUE(mark_failed(db_, bad, "RCPT: 550 no such user", "{}"));
    m = find_mail(db_, bad);
    EXPECT_EQ(m->status, mail_status::failed);
    EXPECT_EQ(m->last_reply, "RCPT: 550 no such user");
}

TEST_F(MailOutboxRepository, ACrashLeavesSendingRowsThatAreQueuedAgain) {
    const auto id = mail(asa_, "asa@kalmar.example");
    ASSERT_TRUE(claim_mail(db_, id, "s", "the bytes", now_));
    EXPECT_TRUE(due_ids(now_ + hours(1)).empty());
    EXPECT_EQ(requeue_interrupted(db_, now_ + hours(1)), 1);
    EXPECT_EQ(due_ids(now_ + hours(1)), (std::vector<domain::id>{id}));
    const auto m = find_mail(db_, id);
    EXPECT_EQ(m->message, "the bytes");
    EXPECT_EQ(m->message_id, "id.1@skr.example");
}

TEST_F(MailOutboxRepository, NewerMailsSupersedeQueuedOnes) {
    const auto change1 = mail(asa_, "asa@kalmar.example", "meeting_changed");
    const auto other = mail(erik_, "erik@kalmar.example", "meeting_changed");
    const auto confirmed = mail(asa_, "asa@kalmar.example", "registration_confirmed");
    const auto change2 = mail(asa_, "asa@kalmar.example", "meeting_changed");
    EXPECT_EQ(drop_superseded(db_, asa_, meeting_, {"meeting_changed"}, "newer", change2), 1);
    EXPECT_EQ(find_mail(db_, change1)->status, mail_status::dropped);
    EXPECT_EQ(find_mail(db_, change1)->last_reply, "newer");
    EXPECT_EQ(find_mail(db_, change2)->status, mail_status::queued);
    EXPECT_EQ(find_mail(db_, other)->status, mail_status::queued);
    EXPECT_EQ(find_mail(db_, confirmed)->status, mail_status::queued);
}

TEST_F(MailOutboxRepository, ARemindersDedupeKeyMakesItOnce) {
    EXPECT_NE(mail(asa_, "asa@kalmar.example", "reminder", "reminder:1:100"), 0);
    EXPECT_EQ(mail(asa_, "asa@kalmar.example", "reminder", "reminder:1:100"), 0);
    EXPECT_NE(mail(asa_, "asa@kalmar.example", "reminder", "reminder:1:200"), 0);
}

TEST_F(MailOutboxRepository, RemindersGoToRegistrationsMadeInTime) {
    const auto start = at("2022-11-25T09:00:00Z");
    const auto early = registration(asa_, start - hours(48));
    registration(erik_, start - hours(2));  // registered less than a day before: no reminder
    const auto due = registrations_due_reminder(db_, start - hours(20), hours(24), 100);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].registration_id, early);
    EXPECT_EQ(due[0].starts_at, start);
    // Not yet within the window, and not once the meeting started.
    EXPECT_TRUE(registrations_due_reminder(db_, start - hours(30), hours(24), 100).empty());
    EXPECT_TRUE(registrations_due_reminder(db_, start, hours(24), 100).empty());
    // Once made, not again.
    mail(asa_, "asa@kalmar.example", "reminder",
         "reminder:" + std::to_string(early) + ":" +
             std::to_string(start.time_since_epoch().count()));
    EXPECT_TRUE(registrations_due_reminder(db_, start - hours(20), hours(24), 100).empty());
}

TEST_F(MailOutboxRepository, KeptMessagesAreBlankedAndOldRowsDeleted) {
    const auto id = mail(asa_, "asa@kalmar.example");
    ASSERT_TRUE(claim_mail(db_, id, "s", "bytes", now_));
    ASSERT_TRUE(mark_sent(db_, id, now_, "250", "{}", false));
    const auto waiting = mail(erik_, "erik@kalmar.example");
    EXPECT_EQ(blank_finished_messages(db_, now_), 0);  // sent at now_: not before it
    EXPECT_EQ(blank_finished_messages(db_, now_ + hours(73)), 1);
    EXPECT_FALSE(find_mail(db_, id)->message);
    EXPECT_EQ(delete_finished_before(db_, now_ + days(366)), 1);
    EXPECT_FALSE(find_mail(db_, id));
    EXPECT_TRUE(find_mail(db_, waiting)) << "a queued mail is never deleted";
}

TEST_F(MailOutboxRepository, ListsNewestFirstWithFilters) {
    const auto a = mail(asa_, "asa@kalmar.example");
    const auto e = mail(erik_, "erik@kalmar.example");
    ASSERT_TRUE(mark_failed(db_, e, "550", "{}"));
    mail_filter all;
    const auto listed = list_mails(db_, all);
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].mail_id, e);
    EXPECT_FALSE(listed[0].message);
    mail_filter failed;
    failed.status = mail_status::failed;
    ASSERT_EQ(list_mails(db_, failed).size(), 1u);
    mail_filter person;
    person.person_id = asa_;
    ASSERT_EQ(list_mails(db_, person).size(), 1u);
    EXPECT_EQ(list_mails(db_, person)[0].mail_id, a);
    mail_filter page;
    page.before_id = e;
    ASSERT_EQ(list_mails(db_, page).size(), 1u);
    EXPECT_EQ(list_mails(db_, page)[0].mail_id, a);
}

TEST_F(MailOutboxRepository, PersonsHaveALanguage) {
    EXPECT_EQ(find_person(db_, asa_)->language, domain::person_language::sv);
    ASSERT_TRUE(set_person_language(db_, asa_, domain::person_language::en));
    EXPECT_EQ(find_person(db_, asa_)->language, domain::person_language::en);
    EXPECT_EQ(find_person_by_email(db_, "asa@kalmar.example")->language,
              domain::person_language::en);
    EXPECT_FALSE(set_person_language(db_, 9999, domain::person_language::en));
    EXPECT_THROW(db_.exec("UPDATE persons SET language = 'de'"), store_error);
}

}  // namespace
}  // namespace traffpunkt::store
