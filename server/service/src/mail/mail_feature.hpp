#pragma once

// Mail (PROTOCOL.md "Mail"): the coordinators' view of the outbox and resending, personal links
// by mail ("send me my link" for anyone, a resend by a coordinator), the language a person reads
// their mail in, and the last mail of each registration in registration.list. One feature in one
// folder, like minutes/: the outbox rows are written by the changes that cause them
// (`application::impl::outbox`) and sent by the mailer thread; this object holds the ops and
// the limits of "send me my link".

#include <boost/json/array.hpp>

#include "call.hpp"
#include "request_window.hpp"
#include "traffpunkt/service/application.hpp"

namespace traffpunkt::service {

class mail_feature {
  public:
    explicit mail_feature(application::impl& app);

    void op_list(const call& c);
    void op_resend(const call& c);
    void op_person_send_link(const call& c);
    void op_person_resend_link(const call& c);
    void op_person_set_language(const call& c);

    /** registration.list with `mail` (coordinators): each view gets `last_mail`, or null. */
    void add_last_mails(boost::json::array& registrations);

  private:
    application::impl& app_;
    request_window link_requests_per_address_;
    request_window link_requests_per_source_;
};

}  // namespace traffpunkt::service
