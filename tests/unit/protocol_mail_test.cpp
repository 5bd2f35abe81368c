// The args of the mail ops and the mail-related fields of person and registration ops.
#include <gtest/gtest.h>

#include "protocol_test_support.hpp"

#include <boost/json/parse.hpp>

#include "traffpunkt/protocol/ops.hpp"

namespace tp = traffpunkt::protocol;
namespace json = boost::json;

namespace {

using traffpunkt::protocol::test_support::obj;

template <class Decode>
std::string invalid_field(Decode decode, std::string_view text) {
    try {
        decode(obj(text));
    } catch (const tp::protocol_error& e) {
        EXPECT_EQ(e.code(), tp::errc::invalid_args) << text;
        return std::string(e.err().details.at("field").as_string());
    }
    ADD_FAILURE() << "no error for " << text;
    return {};
}

TEST(OpsMail, MailList) {
    const auto all = tp::decode_mail_list(obj("{}"));
    EXPECT_FALSE(all.meeting_id);
    EXPECT_EQ(all.limit, 50);
    const auto some = tp::decode_mail_list(obj(
        R"({"meeting_id":3,"person_id":4,"registration_id":5,"status":"failed","before":9,"limit":200})"));
    EXPECT_EQ(some.meeting_id, 3);
    EXPECT_EQ(some.person_id, 4);
    EXPECT_EQ(some.registration_id, 5);
    EXPECT_EQ(some.status, "failed");
    EXPECT_EQ(some.before, 9);
    EXPECT_EQ(some.limit, 200);
    EXPECT_EQ(invalid_field(tp::decode_mail_list, R"({"status":"lost"})"), "status");
    EXPECT_EQ(invalid_field(tp::decode_mail_list, R"({"limit":201})"), "limit");
    EXPECT_EQ(invalid_field(tp::decode_mail_list, R"({"limit":0})"), "limit");
    EXPECT_EQ(invalid_field(tp::decode_mail_list, R"({"body":true})"), "body");
}

TEST(OpsMail, ResendSendLinkResendLinkSetLanguage) {
    EXPECT_EQ(tp::decode_mail_resend(obj(R"({"mail_id":7})")).mail_id, 7);
    EXPECT_EQ(invalid_field(tp::decode_mail_resend, "{}"), "mail_id");
    EXPECT_EQ(tp::decode_person_send_link(obj(R"({"email":"a@b.se"})")).email, "a@b.se");
    EXPECT_EQ(invalid_field(tp::decode_person_send_link, R"({"email":1})"), "email");
    EXPECT_EQ(invalid_field(tp::decode_person_send_link, R"({"email":"a@b.se","person_id":1})"),
              "person_id");
    EXPECT_EQ(tp::decode_person_resend_link(obj(R"({"person_id":2})")).person_id, 2);
    const auto own = tp::decode_person_set_language(obj(R"({"language":"en"})"));
    EXPECT_FALSE(own.person_id);
    EXPECT_EQ(own.language, "en");
    EXPECT_EQ(invalid_field(tp::decode_person_set_language, R"({"language":"fi"})"), "language");
    EXPECT_EQ(invalid_field(tp::decode_person_set_language, "{}"), "language");
}

TEST(OpsMail, PersonAndRegistrationFields) {
    const auto plain = tp::decode_person_create(
        obj(R"({"name":"A","email":"a@b.se","organisation_id":1,"role":"official"})"));
    EXPECT_FALSE(plain.language);
    EXPECT_TRUE(plain.send_link);
    const auto quiet = tp::decode_person_create(obj(
        R"({"name":"A","email":"a@b.se","organisation_id":1,"role":"official","language":"en","send_link":false})"));
    EXPECT_EQ(quiet.language, "en");
    EXPECT_FALSE(quiet.send_link);
    EXPECT_EQ(
        invalid_field(
            tp::decode_person_create,
            R"({"name":"A","email":"a@b.se","organisation_id":1,"role":"official","language":"de"})"),
        "language");
    EXPECT_TRUE(tp::decode_registration_list(obj(R"({"mail":true})")).mail);
    EXPECT_FALSE(tp::decode_registration_list(obj("{}")).mail);
    const auto self = tp::decode_registration_create(obj(
        R"({"meeting_id":1,"mode":"remote","invitation":"x","person":{"name":"A","email":"a@b.se","role":"elected","language":"en"}})"));
    EXPECT_EQ(self.person->language, "en");
    EXPECT_EQ(
        invalid_field(
            tp::decode_registration_create,
            R"({"meeting_id":1,"mode":"remote","invitation":"x","person":{"name":"A","email":"a@b.se","role":"elected","language":"xx"}})"),
        "person.language");
}

}  // namespace
