// The writing side of the mail outbox (mail_outbox): which change queues which mail, in the
// change's own transaction (rolled back: no mail), and which queued mails a newer one drops.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "mail/mail_outbox.hpp"
#include "registrations/registration_batch.hpp"
#include "support/test_instant.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/mail_outbox_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/registration_repository.hpp"
#include "traffpunkt/store/transaction.hpp"

namespace traffpunkt::service {
namespace {

namespace json = boost::json;
using namespace std::chrono;
using domain::attendance_mode;
using domain::registration_status;

using test::at;

config::settings mail_settings() {
    config::settings s;
    s.mail.from = "traffpunkt@skr.example";
    return s;
}

class MailOutbox : public ::testing::Test {
  protected:
    void SetUp() override {
        store::apply_migrations(db_);
        domain::network n;
        n.name = "Medborgarbudget";
        n.starts_on = year{2022} / month{9} / day{1};
        n.ends_on = year{2024} / month{8} / day{31};
        const auto network = store::insert_network(db_, n);
        org_ =
            store::insert_organisation(db_, {0, "Kalmar kommun", domain::org_kind::municipality});
        asa_ = person("Åsa Öberg", "asa@kalmar.example", domain::person_language::sv);
        bo_ = person("Bo Berg", "bo@kalmar.example", domain::person_language::en);
        meeting_.network_id = network;
        meeting_.title = "Träff";
        meeting_.starts_at = at("2030-11-25T09:00:00Z");
        meeting_.ends_at = meeting_.starts_at + hours(6);
        meeting_.format = domain::meeting_format::hybrid;
        meeting_.venue = "SKR";
        meeting_.online_url = "https://meet.example.se/x";
        meeting_.status = domain::meeting_status::published;
        meeting_.created_at = meeting_.updated_at = at("2030-01-01T00:00:00Z");
        meeting_.meeting_id = store::insert_meeting(db_, meeting_);
    }

    domain::id person(const char* name, const char* email, domain::person_language language) {
        domain::person p;
        p.name = name;
        p.email = email;
        p.organisation_id = org_;
        p.language = language;
        return store::insert_person(db_, p, at("2030-01-01T00:00:00Z"));
    }

    domain::registration reg(domain::id person, registration_status status, attendance_mode mode) {
        domain::registration r;
        r.registration_id = ++ids_;
        r.meeting_id = meeting_.meeting_id;
        r.person_id = person;
        r.organisation_id = org_;
        r.status = status;
        r.mode = mode;
        r.arrival = ids_;
        r.checkin_code = "C" + std::to_string(ids_);
        r.registered_at = r.updated_at = at("2030-02-01T00:00:00Z");
        return r;
    }

    /** Stores one batch as the service does (the rows, then their mails). */
    void store(std::vector<registration_batch::row> rows) {
        registration_batch b;
        b.meeting = meeting_;
        b.rows = std::move(rows);
        b.mail = &outbox_;
        store_registration_batch(db_, b);
    }

    std::vector<store::outbox_mail> mails() {
        store::mail_filter f;
        f.limit = 100;
        auto m = store::list_mails(db_, f);
        std::reverse(m.begin(), m.end());  // oldest first
        return m;
    }

    json::object payload(const store::outbox_mail& m) { return json::parse(m.payload).as_object(); }

    store::database db_{":memory:"};
    mail_outbox outbox_{mail_settings()};
    domain::meeting meeting_;
    domain::id org_ = 0, asa_ = 0, bo_ = 0;
    domain::id ids_ = 0;
};

TEST_F(MailOutbox, EachRegistrationChangeQueuesItsMail) {
    auto asa = reg(asa_, registration_status::confirmed, attendance_mode::in_person);
    auto bo = reg(bo_, registration_status::waitlisted, attendance_mode::in_person);
    store({{asa, true, 0, "registration.updated"}, {bo, true, 2, "registration.updated"}});
    auto m = mails();
    ASSERT_EQ(m.size(), 2u);
    EXPECT_EQ(m[0].kind, "registration_confirmed");
    EXPECT_EQ(m[0].recipient, "asa@kalmar.example");
    EXPECT_EQ(m[0].language, "sv");
    EXPECT_EQ(m[0].registration_id, asa.registration_id);
    EXPECT_TRUE(m[0].message_id.ends_with("@skr.example"));
    EXPECT_EQ(m[1].kind, "registration_waitlisted");
    EXPECT_EQ(m[1].language, "en");
    EXPECT_EQ(payload(m[1]).at("position").as_int64(), 2);
    EXPECT_NE(m[0].message_id, m[1].message_id);

    // Needs or a check-in: nothing to tell.
    asa.dietary_needs = "Vegansk";
    asa.checked_in_at = at("2030-11-25T08:50:00Z");
    store({{asa, false, 0, "registration.updated"}});
    EXPECT_EQ(mails().size(), 2u);

    // Bo gets the seat; Åsa moves to remote (a seat there).
    bo.status = registration_status::confirmed;
    asa.mode = attendance_mode::remote;
    store({{asa, false, 0, "registration.updated"}, {bo, false, 0, "registration.promoted"}});
    m = mails();
    ASSERT_EQ(m.size(), 4u);
    EXPECT_EQ(m[2].kind, "registration_confirmed");
    EXPECT_TRUE(payload(m[2]).at("changed_mode").as_bool());
    EXPECT_EQ(payload(m[2]).at("mode").as_string(), "remote");
    EXPECT_EQ(m[3].kind, "registration_promoted");
    EXPECT_EQ(m[3].recipient, "bo@kalmar.example");
}

TEST_F(MailOutbox, ACancellationDropsTheQueuedChangesAndReminders) {
    auto asa = reg(asa_, registration_status::confirmed, attendance_mode::in_person);
    store({{asa, true, 0, "registration.updated"}});
    outbox_.reminder(db_, asa, *store::find_person(db_, asa_), meeting_);
    auto moved = meeting_;
    moved.starts_at += hours(1);
    outbox_.meeting_changed(db_, meeting_, moved);
    asa.status = registration_status::cancelled;
    store({{asa, false, 0, "registration.cancelled"}});
    const auto m = mails();
    ASSERT_EQ(m.size(), 4u);
    EXPECT_EQ(m[0].kind, "registration_confirmed");
    EXPECT_EQ(m[0].status, store::mail_status::queued) << "what was news stays";
    EXPECT_EQ(m[1].kind, "reminder");
    EXPECT_EQ(m[1].status, store::mail_status::dropped);
    EXPECT_EQ(m[2].kind, "meeting_changed");
    EXPECT_EQ(m[2].status, store::mail_status::dropped);
    EXPECT_EQ(m[3].kind, "registration_cancelled");
    EXPECT_EQ(m[3].status, store::mail_status::queued);
}

TEST_F(MailOutbox, AChangeGoesToThoseItConcernsAndSupersedesTheOlderOne) {
    const auto asa = reg(asa_, registration_status::confirmed, attendance_mode::in_person);
    const auto bo = reg(bo_, registration_status::waitlisted, attendance_mode::remote);
    store::insert_registration(db_, asa);
    store::insert_registration(db_, bo);
    auto venue = meeting_;
    venue.venue = "Kalmar slott";
    outbox_.meeting_changed(db_, meeting_, venue);
    auto m = mails();
    ASSERT_EQ(m.size(), 1u) << "a new venue is for those in person";
    EXPECT_EQ(m[0].recipient, "asa@kalmar.example");
    auto link = venue;
    link.online_url = "https://meet.example.se/y";
    outbox_.meeting_changed(db_, venue, link);
    m = mails();
    ASSERT_EQ(m.size(), 2u) << "a new link is for those remote";
    EXPECT_EQ(m[1].recipient, "bo@kalmar.example");
    auto later = link;
    later.starts_at += hours(2);
    later.ends_at += hours(2);
    outbox_.meeting_changed(db_, link, later);
    m = mails();
    ASSERT_EQ(m.size(), 4u) << "a new time is for everyone registered";
    EXPECT_EQ(m[0].status, store::mail_status::dropped) << "superseded by the newer change";
    EXPECT_EQ(m[1].status, store::mail_status::dropped);
    EXPECT_EQ(payload(m[2]).at("changes").as_array()[0].as_string(), "time");
    // A draft or an unchanged meeting: nothing.
    outbox_.meeting_changed(db_, later, later);
    EXPECT_EQ(mails().size(), 4u);
    auto cancelled = later;
    cancelled.status = domain::meeting_status::cancelled;
    outbox_.meeting_cancelled(db_, cancelled);
    m = mails();
    ASSERT_EQ(m.size(), 6u);
    EXPECT_EQ(m[4].kind, "meeting_cancelled");
    EXPECT_EQ(m[2].status, store::mail_status::dropped)
        << "a change of a cancelled meeting is moot";
}

TEST_F(MailOutbox, ARolledBackChangeLeavesNoMail) {
    {
        store::transaction tx(db_);
        const auto asa = reg(asa_, registration_status::confirmed, attendance_mode::in_person);
        store({{asa, true, 0, "registration.updated"}});
        EXPECT_EQ(mails().size(), 1u);
        // No commit: the registration and its mail go together.
    }
    EXPECT_TRUE(mails().empty());
    EXPECT_TRUE(store::list_meeting_registrations(db_, meeting_.meeting_id).empty());
}

TEST_F(MailOutbox, ASelfRegistrationsConfirmationCarriesTheLinkAndRemindersComeOnce) {
    registration_batch b;
    b.meeting = meeting_;
    domain::person p;
    p.name = "Ny Person";
    p.email = "ny@kalmar.example";
    p.organisation_id = org_;
    b.new_person = p;
    b.token = "the-new-token";
    auto r = reg(0, registration_status::confirmed, attendance_mode::remote);
    b.rows.push_back({r, true, 0, "registration.updated"});
    b.answer = r;
    b.mail = &outbox_;
    store_registration_batch(db_, b);
    const auto m = mails();
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(payload(m[0]).at("token").as_string(), "the-new-token");
    EXPECT_TRUE(payload_has_token(m[0].payload));
    EXPECT_FALSE(payload_has_token(payload_without_token(m[0].payload)));

    r.person_id = b.new_person->person_id;
    const auto person = *store::find_person(db_, r.person_id);
    EXPECT_NE(outbox_.reminder(db_, r, person, meeting_), 0);
    EXPECT_EQ(outbox_.reminder(db_, r, person, meeting_), 0) << "once per start time";
    auto moved = meeting_;
    moved.starts_at += hours(1);
    EXPECT_NE(outbox_.reminder(db_, r, person, moved), 0) << "a new start, a new reminder";
}

TEST_F(MailOutbox, AResendIsANewMailToTheCurrentAddress) {
    const auto id = outbox_.new_personal_link(db_, *store::find_person(db_, asa_), "coordinator");
    auto original = *store::find_mail(db_, id);
    ASSERT_TRUE(payload_has_token(original.payload));
    store::claim_mail(db_, id, "s", "m", at("2030-01-01T00:00:00Z"));
    store::mark_sent(db_, id, at("2030-01-01T00:00:00Z"), "250",
                     payload_without_token(original.payload), true);
    auto p = *store::find_person(db_, asa_);
    p.email = "asa.oberg@kalmar.example";
    store::update_person(db_, p);
    original = *store::find_mail(db_, id);
    const auto again = *store::find_mail(db_, outbox_.resend(db_, original));
    EXPECT_EQ(again.recipient, "asa.oberg@kalmar.example");
    EXPECT_EQ(again.resend_of, id);
    EXPECT_NE(again.message_id, original.message_id);
    EXPECT_EQ(again.kind, "personal_link");
    EXPECT_TRUE(payload_has_token(again.payload)) << "a resent link has a new token";
}

}  // namespace
}  // namespace traffpunkt::service
