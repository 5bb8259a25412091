# Acquis — interface texts (English)

## Frame
skip-link = Skip to content
nav-label = Main navigation
nav-home = Home
nav-profile = My competences
nav-account = My account
nav-sign-out = Sign out
nav-sign-in = Sign in
nav-sign-up = Create an account
lang-other = Français
footer = Acquis is free software. The demo content is original work.

## Home
home-title = Your digital competences, assessed step by step
home-lead = Acquis offers adaptive tests on { $competences } digital competences in { $areas } areas. Each test adapts to your answers: it starts simple, then offers harder challenges as you succeed.
home-framework = The framework
home-version = Content version:
home-cta-signup = Create a free account
home-cta-profile = See my competences
home-account-deleted = Your account was deleted and your personal data erased.

## Forms
form-errors = The form has an error
field-first-name = First name
field-last-name = Last name
field-email = Email address
field-password = Password
field-new-password = New password
field-current-password = Current password
field-new-email = New email address
field-accept-terms = I accept Acquis's terms of use
password-rules = At least 8 characters, with an upper-case letter, a lower-case letter and a digit.

## Errors
error-missing-name = Enter your first and last name.
form-errors-many = The form has errors to correct
error-missing-first-name = Enter your first name.
error-missing-last-name = Enter your last name.
error-terms = You must accept the terms of use to create an account.
error-invalid-email = This email address is not valid (example: name@domain.org).
error-weak-password = The password needs at least 8 characters, with an upper-case letter, a lower-case letter and a digit.
error-email-taken = An account already uses this email address.
error-unexpected = An unexpected error occurred. Try again in a moment.
error-locked = Too many sign-in attempts: your account is locked for { $minutes } minutes. To unlock it now, reset your password with the “Forgotten password?” link: the link you receive by email lifts the lock.
error-locked-permanently = Too many sign-in attempts: your account is locked. To unlock it, reset your password with the “Forgotten password?” link: the link you receive by email lifts the lock. If you cannot read your email, write to the platform’s support.
error-credentials = Wrong email address or password.
error-current-password = The current password is wrong.
error-delete-confirm = Tick the box to confirm the deletion.

## Sign up and sign in
signup-title = Create an account
signup-intro = Your account keeps your results from one session to the next. We only ask for your name and email address.
signup-submit = Create my account
signup-have-account = Already have an account?
signup-welcome = Welcome! Choose a competence to start.
signin-title = Sign in
signin-submit = Sign in
signin-forgot = Forgot your password?
signin-no-account = No account yet?

## Forgotten password
forgot-title = Forgotten password
forgot-intro = Enter your account's email address: we will send you a link to choose a new password.
forgot-submit = Send me the link
forgot-sent = If an account uses this address, an email was just sent to it. The link works for one hour.
reset-title = Choose a new password
reset-submit = Save the password
reset-invalid = This link no longer works: it was used already or it expired.
reset-ask-again = Ask for a new link
reset-done = Your password was changed. Sign in with the new one.

## Account
account-title = My account
account-email-title = Change email address
account-email-submit = Change address
account-email-done = Your email address was changed.
account-password-title = Change password
account-password-submit = Change password
account-password-done = Your password was changed.
account-delete-title = Delete my account
account-delete-intro = Deletion erases your names and email address and signs you out. Your answers stay, detached from any identity, for anonymous statistics. This cannot be undone.
account-delete-confirm = I understand that deletion cannot be undone
account-delete-submit = Delete my account for good

## Profile
profile-title = My competences
profile-score = My score
profile-total = { $pix } pix out of { $max }.
profile-certifiable = You can take the certification (level 1 in at least 5 competences).
profile-not-certifiable-yet = { $reached ->
    [0] No competence has reached level 1 yet
    [one] { $reached } competence has reached level 1
   *[other] { $reached } competences have reached level 1
}: { $missing } more to go.
profile-not-certifiable = Certification needs level 1 in at least 5 competences.
profile-max-level = Highest level reached.
profile-to-next = { $pix } more pix to reach level { $level }.
card-level = Level
card-progress = Progress to the next level,
card-not-started = Not started
card-started = In progress
card-completed = Completed
card-start = Start
card-resume = Resume
card-improve = Try again
card-improve-in = You can try this competence again in { $days ->
        [one] 1 day
       *[other] { $days } days
    }.
card-reset = Reset
card-reset-done = The competence was reset: you can take it again now with “Start”.
card-reset-in = You can reset this competence in { $days ->
        [one] 1 day
       *[other] { $days } days
    }.
card-reset-nothing = Nothing to reset on this competence.
card-reset-help = Erases your level and pix in this competence, so you can take it again from the start. You will be asked to confirm.
card-improve-help = Takes again the challenges you missed, without losing what you have already acquired.
reset-confirm-title = Reset this competence?
reset-confirm-current = You are now at level { $level } with { $pix } pix in this competence.
reset-confirm-what = Resetting erases this level and these pix: your profile starts again from 0 in this competence. Your past answers stay visible in your corrections.
reset-confirm-then = You can take the competence again right away, from the start.
reset-confirm-versus = To improve your level without losing anything, use “Try again” instead when it is offered.
reset-confirm-yes = Yes, reset it
reset-confirm-no = No, keep my level
card-results = See my answers

## Challenge
challenge-title = Challenge
challenge-progress = Progress to the next checkpoint
challenge-step = Challenge
challenge-step-done = done
timer-label = Time left:
timer-allowed = time allowed:
timer-expired = Time is up. You can still confirm or skip, but your answer will count as late (failed).
focused-notice = Answer without leaving this page: if you switch tab or window, the challenge counts as failed.
challenge-attachments = Files to use
challenge-download = Download
challenge-open = Open
challenge-file = File
embed-help = Act in the simulator: it passes what you did on to your answer. Check it below, then confirm.
embed-your-action = Your action in the simulator:
embed-no-action = none yet.
embed-done = action recorded.
embed-noscript = This simulator needs JavaScript. Without JavaScript, you can skip this challenge.
embed-given = What you did in the simulator
embed-given-unknown = An action in the simulator (not described).
embed-expected = The expected action is described in the explanation.
focused-left = You left this page during the challenge: this was recorded, and the challenge will count as failed. You can still answer to go on.
timed-notice-title = This challenge is timed
timed-notice-body = You will have { $duration } to answer. The clock starts when you click “Start the challenge”; a countdown shows during the challenge.
timed-notice-late = An answer given after the time is up counts as late, like a wrong answer. Take a moment to settle in before you start.
timed-notice-start = Start the challenge
challenge-choose-one = Choose one answer
challenge-choose-many = Choose one or more answers
challenge-select = — Choose —
challenge-submit = Confirm
challenge-skip = Skip
challenge-empty = Give an answer, or choose "Skip" if you do not know.
level-up = Well done! You reach level { $level } in this competence.

## Checkpoint, end and results
checkpoint-title = Checkpoint
checkpoint-intro = Here are your latest challenges. Passed:
checkpoint-continue = Continue
end-title = Evaluation completed
end-intro = You answered every challenge needed to place your level in this competence.
end-answered = Challenges taken
end-results = See my answers and the corrections
end-back = Back to my competences
results-title = My answers and the corrections
results-none = You have not answered any challenge of this competence yet.
results-your-answer = Your answer
results-expected = Expected answer
results-explanation = Explanation
results-tutorials = To improve
results-item-tutorials = To improve on this challenge
tuto-text = Sheet
tuto-page = Web page
tuto-video = Video
tuto-audio = Audio
tuto-pdf = PDF document
tuto-tool = Online tool
tuto-minutes = { $minutes } min
answer-skipped = You skipped this challenge.
status-ok = Passed
status-ko = Failed
status-aband = Skipped
status-timedout = Late
status-focusedout = Page left
status-partially = Partly right

## Emails
mail-reset-subject = Reset your Acquis password
mail-reset-body =
    Hello { $name },

    You asked to reset your Acquis password. Open this link within the hour to choose a new one:

    { $link }

    If you did not ask for this, ignore this message: your password stays unchanged.

    The Acquis team

## Campaigns (participant side)
campaign-code-title = Join a course
campaign-code-intro = An organisation (school, university, employer) gave you a course code: enter it to start.
campaign-code-label = Course code
campaign-code-help = 9 characters, for example KMPQRT279.
campaign-code-submit = Open the course
campaign-code-unknown = This code matches no open course. Check it and try again.
campaign-start = Start the course
campaign-sign-in-first = Sign in or create an account to take part: your answers are kept on your profile.
campaign-external-required = The organisation asks for this identifier.
campaign-results-title = Your results
campaign-mastery = mastered
campaign-stage = Stage
campaign-by-competence = Mastery by competence
campaign-competence = Competence
campaign-skills = Skills validated
campaign-badges = Your badges
campaign-profile = Your competence profile
campaign-share-intro = The organisation sees your results only once you send them.
campaign-share = Send my results
campaign-shared = Your results were sent to the organisation.
campaign-already-shared = Your results were sent.
campaign-share-again = Your results had already been sent to the organisation: nothing changed.

## Organisation
orga-title = My organisations
orga-none = You are not a member of any organisation. Ask your organisation's administrator for an invitation.
orga-nav-label = Organisation
orga-nav-campaigns = Campaigns
orga-nav-profiles = Target profiles
orga-nav-learners = Learners
orga-nav-members = Members
orga-role = Role
orga-role-admin = Administrator
orga-role-member = Member
orga-name = Name
orga-actions = Actions
orga-created = Created on
orga-you = you
orga-participants = Participants
orga-shared = Results received
orga-kind-assessment = Assessment
orga-kind-profiles = Profiles collection
orga-campaigns-title = Campaigns
orga-campaigns-active = Active campaigns
orga-campaigns-archived = Archived campaigns
orga-campaigns-none = No campaign.
orga-campaign-new = Create a campaign
orga-campaign-title = Title
orga-campaign-code = Code
orga-campaign-kind = Type
orga-members-title = Members
orga-members-caption = Members of the organisation
orga-member-since = Member since
orga-make-admin = Make administrator
orga-make-member = Make member
orga-remove = Remove
orga-member-removed = The member was removed.
orga-role-changed = The role was changed.
orga-invite-title = Invite a member
orga-invite-submit = Send the invitation
orga-invite-done = Invitation sent to { $email }.
orga-invite-cancel = Cancel the invitation
orga-invite-cancelled = The invitation was cancelled.
orga-invitations-caption = Pending invitations
orga-invitations-none = No pending invitation.
orga-invitation-sent = Sent on
orga-leave-title = Leave the organisation
orga-leave-submit = Leave the organisation
orga-left = You left the organisation.
orga-join-title = Join an organisation
orga-join-intro = You are invited to join
orga-join-submit = Accept the invitation
orga-join-invalid = This invitation does not exist, was already used, was cancelled or has expired (a link works for 7 days): ask the organisation for a new one.
orga-join-for-another = This invitation was sent to another email address than your account’s. Sign in with the account of the invited address (or create it with that address), then open the link again.
orga-joined = Welcome: you are now a member of the organisation.
orga-error-role = Choose a role: administrator or member.
orga-error-last-admin = The organisation must keep at least one administrator.
orga-error-mail = The invitation is recorded but the email could not be sent. Try again later.
orga-invite-mail-subject = Invitation to join { $org } on Acquis
orga-invite-mail-body =
    Hello,

    { $inviter } invites you to join the organisation { $org } on Acquis, as { $role }.

    To accept, open this link and sign in (or create an account):

    { $link }

    If you did not expect this invitation, ignore this message.

    The Acquis team

## Organisation (continued)
orga-all = All
orga-filter = Apply
orga-filters = Filter the participants
orga-form-errors = The form has errors:
orga-next-page = Next participants
orga-archive = Archive the campaign
orga-unarchive = Unarchive the campaign
orga-archived = archived
orga-campaign-archived = The campaign is archived: it no longer accepts participants.
orga-campaign-unarchived = The campaign is active again.
orga-campaign-created = The campaign is created. Share its code or link with the participants.
orga-campaign-link = Link to share
orga-campaign-profile = Target profile
orga-campaign-landing = Text of the campaign's landing page
orga-campaign-result = Results page
orga-campaign-result-text = Text of the results page
orga-campaign-button-text = Button text
orga-campaign-button-url = Button link
orga-campaign-external-id = External identifier
orga-campaign-external-id-help = Leave the label empty to ask participants for no identifier.
orga-campaign-external-id-label = Label asked (for example: student number)
orga-campaign-external-id-text = Free text
orga-campaign-external-id-email = Email address
orga-campaign-multiple = Participants may send their results several times
orga-campaign-submit = Create the campaign
orga-campaign-tabs = Campaign sections
orga-tab-participants = Participants
orga-tab-analysis = Analysis
orga-tab-export = Export the results (CSV)
orga-error-campaign-title = Give the campaign a title.
orga-error-campaign-kind = Choose the type of campaign.
orga-error-campaign-profile = Choose one of the organisation's target profiles for an assessment campaign.
orga-error-campaign-url = The button link must start with https:// or http://.
orga-error-campaign-button = The results page button needs both a text and a link, or neither.
orga-error-campaign-title-too-long = The title is longer than 200 characters: shorten it.
orga-error-campaign-text-too-long = The landing and results texts are limited to 5,000 characters each.
orga-error-campaign-short-text-too-long = The button text and the identifier label are limited to 200 characters, the button link to 2,000.
orga-profiles-title = Target profiles
orga-profiles-caption = Target profiles of the organisation
orga-profiles-none = No target profile.
orga-profile-new = Create a target profile
orga-profile-created = The target profile is created.
orga-profile-about = About
orga-profile-description = Description
orga-profile-minutes = Expected test length (minutes)
orga-profile-tubes = Topics
orga-profile-skills = Skills
orga-profile-stages = Stages
orga-profile-badges = Badges
orga-profile-target = Assessed topics
orga-profile-target-help = Tick the topics to assess and choose the highest level assessed for each, or tick "The whole competence".
orga-profile-whole = The whole competence
orga-profile-tubes-of = Topics of competence
orga-profile-include = Assess
orga-profile-tube = Topic
orga-profile-cap = Highest level
orga-profile-stages-help = Optional. The first stage starts at 0 %; each stage has a mastery threshold in %, a title and a message for the learner and for the organisation.
orga-profile-badges-help = Optional. A badge is obtained when the mastery rate of the profile reaches its threshold.
orga-profile-submit = Create the target profile
orga-stage = Stage
orga-stage-threshold = Threshold (% mastery)
orga-stage-title = Title
orga-stage-message = Message to the learner
orga-stage-prescriber-title = Title for the organisation
orga-stage-prescriber-message = Message for the organisation
orga-badge = Badge
orga-badge-key = Key (unique, for example PIX-EMPLOI)
orga-badge-image = Image address
orga-badge-alt = Alternative text of the image
orga-badge-threshold = Mastery threshold of the profile (%)
orga-error-name = Give a name.
orga-error-name-too-long = The name is longer than 200 characters: shorten it.
orga-error-description-too-long = The description is limited to 5,000 characters.
orga-error-minutes = The length is a number of minutes between 1 and 600.
orga-error-target-empty = Choose at least one topic or competence.
orga-error-target-no-skill = The chosen topics have no skill that can be assessed: choose others or a higher level.
orga-error-target-unknown = { $item } does not exist in the live framework.
orga-error-level = A highest level is between 1 and 8, not { $level }.
orga-error-stage-threshold = Stage { $row }: the threshold is a percentage between 0 and 100.
orga-error-stage-first = The first stage must have a threshold of 0 %.
orga-error-stage-duplicate = Two stages have the same threshold ({ $threshold } %).
orga-error-stage-title = Stage { $row }: give a title.
orga-error-badge-threshold = Badge { $row }: the threshold is a percentage between 0 and 100.
orga-error-badge-name = Badge { $row }: give a key and a title.
orga-error-badge-key = Two badges have the key { $key }.
orga-status = Status
orga-status-started = In progress
orga-status-to-share = To send
orga-status-shared = Sent
orga-division = Class
orga-group = Group
orga-external-id = External identifier
orga-progress = Progress
orga-progress-running = in progress
orga-mastery = Mastery
orga-started = Started on
orga-shared-on = Sent on
orga-reminded = Last reminder
orga-participants-caption = Participants of the campaign
orga-participants-none = No participant matches.
orga-participant-not-shared = This participant has not sent their results yet: they are not visible.
orga-remind = Remind the participants
orga-remind-help = A reminder emails the participants who have not finished or not sent their results.
orga-remind-done = Reminders sent: { $sent }.{ $skipped ->
    [0] {""}
    [one] {" "}One person already reminded in the last 24 hours was not reminded again.
   *[other] {" "}{ $skipped } people already reminded in the last 24 hours were not reminded again.
}
orga-remind-mail-subject = Reminder: campaign "{ $campaign }"
orga-remind-mail-finish =
    Hello { $name },

    { $org } reminds you that you have not finished "{ $campaign }". Resume it here:

    { $link }

    The Acquis team
orga-remind-mail-share =
    Hello { $name },

    You finished "{ $campaign }" but have not sent your results to { $org } yet. Send them here:

    { $link }

    The Acquis team
orga-analysis-shared = Sent participations analysed:
orga-analysis-none = No participant has sent their results yet.
orga-analysis-groups = Comparison by group
orga-analysis-by = Group by
orga-by-none = — No grouping —
orga-analysis-compare = Mastery by competence and group (number of participants in brackets)
orga-analysis-resources = Recommended resources by group
orga-analysis-resources-help = The organisation's trainings whose triggers fire for the group, then the tutorials of the topics the group masters below 50 %.
orga-analysis-resources-none = No resource to recommend for this group.
orga-chart-competences = Mastery by competence
orga-chart-tubes = Mastery by topic
orga-chart-stages = Distribution by stage
orga-chart-levels = Mean level by competence
orga-chart-people = { $count } people
orga-chart-item = Item
orga-chart-value = Value
orga-learners-title = Learners
orga-learners-caption = Learners of the organisation
orga-learners-none = No learner imported.
orga-birthdate = Birth date
orga-attributes = Other information
orga-import-title = Import learners
orga-import-help = A UTF-8 CSV file, separated by semicolons or commas, with a header line: nom, prénom, date de naissance (DD/MM/YYYY), division or groupe; other columns are kept as additional information. If any line is wrong, nothing is imported.
orga-import-file = CSV file
orga-import-max = Largest size:
orga-import-paste = Or paste the file's content
orga-import-submit = Import
orga-import-done = { $count } learners imported.
orga-import-refused = Nothing was imported: fix these lines and try again.
orga-import-errors-caption = Errors in the file
orga-import-line = Line
orga-import-column = Column
orga-import-reason = Problem
orga-import-error-empty = The file is empty.
orga-import-error-missing-column = A required column is missing from the header.
orga-import-error-required = A required value is missing.
orga-import-error-date = Invalid date (expected: DD/MM/YYYY).
orga-import-error-columns = The number of columns differs from the header.
orga-import-error-unreadable = Unreadable line.
orga-import-error-too-many = Too many lines (10,000 at most per file).
orga-import-error-size = The file is larger than the largest size.
orga-import-error-encoding = The file must be encoded in UTF-8.

## Terms of use
terms-title = Terms of use
terms-read = Read the terms of use (new tab)
terms-purpose-title = What Acquis is for
terms-purpose = Acquis lets you assess and develop your digital competences with adaptive tests, follow your progress and, when an organisation invites you, send it your results. The service is free for the people who use it.
terms-data-title = Your data
terms-data = We only ask for your first and last name, your email address and a password (kept as a hash, never in clear). Your answers are used to compute your profile. An organisation sees your results in a course only after you send them. Public statistics only use anonymised data, never about groups of fewer than ten people.
terms-rights-title = Your rights
terms-rights = At any time you can see your data, change your email address or password, and delete your account from the "My account" page: your personal data is then erased and your answers detached from any identity.
terms-fair-title = Fair use
terms-fair = Answer by yourself, without help during timed challenges or those to be done without leaving the page. Do not try to access other people's accounts or to disrupt the service.

## Reconciliation with the organisation's learners
campaign-identity-legend = Who are you?
campaign-identity-hint-required = The school imported its list of pupils: give your first name, last name and birth date as the school knows them, so that your results reach it.
campaign-identity-hint-optional = The organisation imported a list of participants: if you are on it, give your first name, last name and birth date. Otherwise leave these fields empty: your account's names will be used.
campaign-identity-first-name-label = First name
campaign-identity-last-name-label = Last name
campaign-identity-birthdate-label = Birth date (DD/MM/YYYY)
campaign-identity-first-name = Give your first name.
campaign-identity-last-name = Give your last name.
campaign-identity-birthdate = Give a valid birth date, for example 14/03/2009.
campaign-identity-required = The organisation needs your first name, last name and birth date to find you on its list.
campaign-identity-invalid = Some fields need correcting: see below.
campaign-learner-not-found = Nobody on the organisation's list matches this first name, last name and birth date. Check the spelling and the date, then try again; if it persists, contact the organisation.
campaign-learner-taken = The person on the list who matches is already linked to another account. Sign in with that account, or contact the organisation.

## Trainings
campaign-trainings = Recommended trainings
training-kind-self-paced = Self-paced
training-kind-e-learning = E-learning
training-kind-blended = Blended learning
training-kind-in-person = In-person training
training-kind-webinar = Webinar
training-locale-fr = French
training-locale-en = English
training-list-title = Trainings
training-list-help = Trainings are recommended to participants whose results call for them: a "goal" trigger fires while the mastery of its tubes is below its threshold, a "prerequisite" trigger once it reaches it. Every trigger of a training must fire.
training-list-caption = Trainings recommended on this target profile
training-none = No training for this target profile.
training-new = New training
training-edit-title = Edit the training
training-manage = Manage trainings
training-title = Title
training-link = Link (https://…)
training-minutes = Length (minutes)
training-editor = Editor (optional)
training-locale = Language
training-kind = Kind
training-triggers = Triggers
training-triggers-help = At least one trigger: choose its kind, its threshold in % and the target profile's tubes (with their level cap) it is about. Leave "Unused" to skip a row.
training-trigger = Trigger
training-trigger-kind = Kind of trigger
training-trigger-unused = Unused
training-trigger-goal = Goal: below the threshold
training-trigger-prerequisite = Prerequisite: from the threshold
training-trigger-threshold = Threshold (%)
training-trigger-tubes = Tubes
training-trigger-goal-summary = goal below { $threshold } % on { $tubes }
training-trigger-prerequisite-summary = prerequisite at { $threshold } % on { $tubes }
training-tube-label = { $title } ({ $tube }), up to level { $cap }
training-about = The training
training-profiles = Target profiles
training-actions = Actions
training-edit = Edit
training-delete = Delete
training-save = Save the training
training-created = The training was created.
training-updated = The training was updated.
training-deleted = The training was deleted.
training-error-title = Give a title (255 characters at most).
training-error-link = Give a link starting with https:// or http://, without spaces.
training-error-minutes = Give a length in minutes, between 1 and 100,000.
training-error-editor = The editor is 255 characters at most.
training-error-locale = Choose the training's language.
training-error-kind = Choose the kind of training.
training-error-profiles = Choose at least one of the organisation's target profiles.
training-error-triggers = Add at least one trigger.
training-error-trigger-kind = Trigger { $row }: unknown kind.
training-error-trigger-threshold = Trigger { $row }: give a threshold between 0 and 100.
training-error-trigger-tubes = Trigger { $row }: tick at least one tube.

## ---- Site-wide and learner navigation (issue 10) ----
nav-journeys = My journeys
nav-tutorials = My tutorials
nav-code = I have a code
nav-orga = Organisation area
new-tab = opens in a new tab
home-code-intro = Did a school, university or employer give you a journey code? Type it here.
legal-notice-title = Legal notice
privacy-title = Privacy policy
a11y-title = Accessibility statement
not-found-title = Page not found
not-found-text = This address matches no page, or the page is no longer available. Check the address, or start again from here:
not-found-home = Acquis home page
error-invalid-name = A name must be at most 100 characters, without control characters.
error-password-too-long = The password must be at most 256 characters.
error-email-missing = Type your email address.
error-password-missing = Type your password.
signin-context-invitation = You are invited to join { $org } ({ $role }). Sign in, or create your account: you will then come back to the invitation to accept it.
signin-context-campaign = To take part in the journey "{ $title }" ({ $org }), sign in or create your account: you will then come back to the journey.
account-names-title = Change your name
account-names-submit = Save my name
account-names-done = Your name was changed.
account-data-title = My data
account-data-intro = Download everything Acquis keeps about you (account, evaluations and answers, journeys, tutorials), as a JSON file other services can read.
account-data-download = Download my data (JSON)
tuto-eyebrow = Tutorial
tuto-save = Keep in My tutorials
tuto-remove = Remove from My tutorials
tuto-saved = The tutorial is in My tutorials.
tuto-removed = The tutorial was removed from My tutorials.
tuto-details = Overview
tuto-open = Open the resource
tuto-sign-in-to-save = Sign in to keep this tutorial
tuto-none-saved = You have not kept any tutorial yet. Under "To improve", after an evaluation, each tutorial can be kept here.
journey-none = You have not joined any journey yet. Did an organisation give you a code? Type it with "I have a code".
journey-joined = joined on
journey-archived = journey closed
journey-started = In progress
journey-to-share = Finished, results to send
journey-shared = Results sent
journey-resume = Resume the journey
journey-see-and-send = See and send my results
journey-see = See my results again
campaign-joined-started = You have already started this journey.
campaign-joined-to-share = You finished this journey: your results are still to be sent.
campaign-joined-shared = You already sent your results for this journey.
campaign-joined-go = Go to my results
## ---- end of the issue 10 site-wide block ----

## Organisation portal: tables, learners management, confirmations (issue 10)
orga-table-range = { $from }–{ $to } of { $total }
orga-table-pages = Table pages
orga-page-prev = Previous page
orga-page-next = Next page
orga-search-name = Search a name
orga-search = Search
orga-search-none = No learner matches this search.
orga-national-id = National id / student number
orga-required = required
orga-cancel = Cancel
orga-import-value = Value
orga-import-again = Importing the same file again makes no duplicates: learners already listed (same national id, or same names and birth date) are updated.
orga-import-template = Download a template file
orga-import-counts = Import done: { $created } created, { $updated } updated, { $unchanged } unchanged.
orga-import-error-duplicate = This learner is already listed higher up in the file (name, then the line where it first appears).
orga-import-error-conflict = Another import changed the list at the same time: try again.
orga-learner-edit = Edit
orga-learner-edit-title = Edit the learner
orga-learner-save = Save
orga-learner-saved = Learner saved.
orga-learner-not-saved = The learner was not saved:
orga-learner-error-required = This field is required.
orga-learner-error-long = 200 characters at most.
orga-learner-error-taken = Another learner already has this national id, or the same names and birth date.
orga-learner-delete = Delete
orga-learner-delete-title = Remove { $name } from the list?
orga-learner-delete-help = The learner leaves the organisation's list. Their campaign participations are kept, under their account's name, without a class or group.
orga-learner-deleted = Learner deleted.
orga-archive-confirm-title = Archive the campaign "{ $campaign }"?
orga-archive-confirm-help = An archived campaign takes no new participants and can no longer be reminded. Its results stay available, and you can unarchive it.
orga-remind-confirm-title = Remind the participants of "{ $campaign }"?
orga-remind-confirm-help = { $count ->
        [0] No participant needs a reminder.
        [one] An email will go to the participant who has not finished or not sent their results.
       *[other] An email will go to the { $count } participants who have not finished or not sent their results.
    }
orga-copy-code = Copy the code
orga-copy-link = Copy the link
orga-copied = Copied to the clipboard.
orga-chart-data = Show the data

## Certification: mails
certif-invite-mail-subject = Invitation to join the certification centre { $centre }
certif-invite-mail-body =
    Hello,

    { $inviter } invites you to join the certification centre { $centre } on Acquis, as { $role }.

    To accept, open this link and sign in (or create an account):

    { $link }

    If you did not expect this invitation, ignore this message.

    The Acquis team
certif-convocation-mail-subject = Your Acquis certification convocation (session { $session })
certif-results-mail-subject = Your certification results are available
certif-results-mail-body =
    Hello { $name },

    The results of your certification session of { $date } at the centre { $centre } are published.

    Your result, your certificate (PDF) and your verifiable digital badge are in your Acquis space:

    { $link }

    The Acquis team

certif-convocation-mail-body =
    Hello { $name },

    The centre { $centre } invites you to a digital competence certification session:

    - date: { $date } at { $time }
    - place: { $place }
    - session number: { $session }

    On the day, sign in to your Acquis account (or create one), open the certification page and type the session number, your first name, birth name and birth date:

    { $link }

    The invigilator will give you the access code in the room. Bring an identity document.

    The Acquis team

## Certification portal: finalisation and certificates of a session
certif-live-closed = The session is finalised: invigilation is over.
certif-final-title = Finalise the session
certif-final-see = Finalisation and reports
certif-final-intro = Add the relevant reports for each candidate, state why each unfinished test stopped, then finalise. Once finalised, the centre can no longer change the session.
certif-final-already = The session is finalised: results are computed, then published by the operator.
certif-final-absent = Absent
certif-final-unfinished = Unfinished test
certif-final-completed = Test completed
certif-final-answered = { $n } answer(s)
certif-final-abort = Reason the test stopped
certif-final-abort-required = State why each unfinished test stopped.
certif-abort-candidate = The candidate stopped
certif-abort-technical = Technical problem
certif-final-boxes = How the session went
certif-final-incident = An incident happened during the session
certif-final-joining = Some candidates had trouble joining the session
certif-final-comment = Comment for the operator
certif-final-comment-hint = A person reads any comment before the results are published.
certif-final-submit = Finalise the session
certif-final-done = Session finalised: results will now be computed.
certif-final-pdf = Download the certificates (PDF)
certif-final-pdf-en = Certificates in English (PDF)
certif-max-chars = at most { $max } characters
certif-comment-too-long = At most { $max } characters.
certif-error-control-character = This text holds a character that is not allowed.
certif-issue-list = Reports
certif-issue-add = Add a report
certif-issue-kind = Category
certif-issue-question = Question no.
certif-issue-question-hint = for a problem on one question
certif-issue-description = Description
certif-issue-submit = Save the report
certif-issue-added = Report saved.
certif-issue-deleted = Report deleted.
certif-issue-delete = Delete
certif-issue-resolution = Outcome
certif-issue-question-required = Give the number of the question concerned.
certif-issue-question-range = Question numbers go from 1 to 32.
certif-issue-kind-unknown = Choose a category from the list.
certif-issue-name-or-birth-date = Wrong name or birth date
certif-issue-extra-time = Extra time wrong or forgotten
certif-issue-fraud = Suspected fraud
certif-issue-technical = Technical incident, test not interrupted
certif-issue-candidate = Candidate incident, test not interrupted
certif-issue-skipped-on-error = Question skipped because of an error page
certif-resolution-neutralised = question neutralised
certif-resolution-focus-out-accepted = leaving the page forgiven
certif-resolution-no-effect-no-such-element = no effect (the question has no such element)
certif-resolution-no-effect-answered-right = no effect (right answer)
certif-resolution-no-effect-not-focused = no effect (not a focused question)
certif-resolution-no-effect-no-focus-out = no effect (no page exit recorded)
certif-resolution-needs-person = waiting for the operator's review

## Certification portal (centres, sessions)
nav-certification = Certification
nav-certif = Certification area
certif-title = Your certification centres
certif-none = You are not a member of any certification centre. A centre administrator can invite you.
certif-nav-label = Centre navigation
certif-nav-sessions = Sessions
certif-nav-members = Members
certif-centre = Centre
certif-back = Back
certif-yes = Yes
certif-no = No
certif-members-title = Centre members
certif-members-caption = The centre's members and their role
certif-leave-title = Leave the centre
certif-leave-submit = Leave this centre
certif-left = You have left the centre.
certif-joined = You are now a member of the centre.
certif-join-title = Join a certification centre
certif-join-intro = You are invited to join the centre
certif-error-last-admin = A centre always keeps at least one administrator: appoint another one first.
certif-error-not-member = This person is not a member of the centre.
certif-sessions-title = Certification sessions
certif-sessions-caption = The centre's sessions, with their number of candidates
certif-sessions-none = No session yet.
certif-sessions-none-filtered = No session matches these filters.
certif-filter-label = Filter the sessions
certif-filter-from = From
certif-filter-to = To
certif-filter-submit = Filter
certif-filter-reset = Show all
certif-status = Status
certif-status-any = Any
certif-status-created = Created
certif-status-finalised = Finalised
certif-status-in-process = Being processed
certif-status-processed = Results published
certif-session = Session
certif-session-number = Session number
certif-session-new = Create a session
certif-session-edit = Edit the session
certif-session-delete = Delete the session
certif-session-delete-message = The session and its list of candidates will be deleted for good.
certif-session-save = Save the session
certif-session-not-saved = The session was not saved: correct the fields shown.
certif-session-created = Session created.
certif-session-saved = Session saved.
certif-session-deleted = Session deleted.
certif-error-started = A candidate has started the test: the session can no longer be changed or deleted.
certif-error-closed = The session is finalised: it can no longer be changed.
certif-field-site = Site name
certif-field-room = Room
certif-field-date = Date
certif-field-time = Start time
certif-field-examiners = Invigilator(s)
certif-field-examiners-hint = Separate several names with commas.
certif-field-description = Notes
certif-problem-required = { $field }: this field is required.
certif-problem-too-long = { $field }: the text is too long.
certif-problem-control = { $field }: the text contains a character that is not allowed.
certif-problem-date = { $field }: enter a valid date.
certif-problem-time = { $field }: enter a valid time (HH:MM).
certif-access-code = Access code
certif-password-title = Invigilator password
certif-password-once = Write it down now: it will never be shown again. The invigilator needs it to open the invigilation area.
certif-password-renew = Generate a new invigilator password
certif-password-renewed = New password generated: the old one no longer works.
certif-candidates = Candidates
certif-candidates-caption = The candidates enrolled in the session
certif-candidates-none = No candidate enrolled.
certif-linked = Account linked
certif-field-birth-name = Birth name
certif-field-first-name = First name
certif-field-birthdate = Birth date
certif-field-external-id = External id
certif-field-extra-time = Extra time
certif-field-accessibility = Adjustment
certif-attendance-title = Attendance sheet
certif-attendance-caption = Enrolled candidates, to sign on arrival
certif-signature = Signature
certif-attendance-examiner-sign = Invigilator's name and signature:
certif-kit-title = Invigilator kit
certif-kit-before = Before the session
certif-kit-step-sheet = Print the attendance sheet and have each candidate sign it on arrival, with an identity document.
certif-kit-step-invigilate = Sign in with your account, open "Invigilation" (/certif/surveillance) and type the session number and the invigilator password.
certif-kit-step-board = Write the session number and the access code on the board, readable from the whole room.
certif-kit-during = During the session
certif-kit-step-join = Each candidate signs in, opens "Certification" (/certification) and types the session number, their first name, birth name and birth date, then the access code.
certif-kit-step-confirm = In the invigilation area, confirm each candidate's presence: they then have 15 minutes to start.
certif-kit-step-alerts = A reported problem appears at the top of the list: go to the candidate, then validate it (they get another question) or dismiss it (they answer the same question).
certif-kit-step-resume = An interrupted test (browser closed, network down) resumes only after you authorise it.
certif-kit-after = After the session
certif-kit-step-end = If a candidate has to stop, end their test from the invigilation area.
certif-kit-step-finalise = Write the incidents down on the attendance sheet for the session's finalisation.

## Certification portal: candidates
certif-enrol-title = Enrol candidates
certif-enrol-one = Enrol one candidate
certif-enrol-identity = Identity
certif-enrol-birthplace = Birthplace
certif-enrol-birthplace-hint = Born in France: the commune's INSEE code, or its postal code and name. Born abroad: the country and the city.
certif-enrol-contact = Contact and identifier
certif-enrol-adjustments = Adjustments
certif-enrol-billing = Billing
certif-enrol-submit = Enrol the candidate
certif-candidate-not-saved = The candidate was not enrolled: correct the fields shown.
certif-candidate-enrolled = Candidate enrolled.
certif-candidate-removed = Candidate removed from the session.
certif-candidate-remove = Remove
certif-candidate-duplicate = This candidate is already enrolled in the session (same names and birth date).
certif-field-sex = Sex
certif-sex-m = Male
certif-sex-f = Female
certif-field-born-in-france = Born in France
certif-field-birth-insee = INSEE code of the birth commune
certif-field-birth-postal-code = Postal code of the birth commune
certif-field-birth-city = Birth city
certif-field-birth-country = Birth country
certif-field-convocation-email = Convocation email
certif-field-results-email = Results recipient email
certif-field-accessibility-needed = Needs an accessibility adjustment
certif-field-billing-mode = Billing
certif-field-prepayment-code = Prepayment code
certif-billing-choose = Choose…
certif-billing-free = Free
certif-billing-paid = Paid
certif-billing-prepaid = Prepaid
certif-candidate-missing = { $field }: this field is required.
certif-candidate-too-long = { $field }: the text is too long.
certif-candidate-invalid = { $field }: this value is not accepted.
certif-candidate-bad-date = { $field }: enter a valid date.
certif-candidate-birthdate-in-future = { $field }: the birth date must be in the past.
certif-candidate-insee-invalid = { $field }: an INSEE code has 5 characters (digits, or 2A/2B and 3 digits).
certif-candidate-postal-code-invalid = { $field }: a postal code has 5 digits.
certif-candidate-email-invalid = { $field }: enter a valid email address (name@domain.org).
certif-candidate-extra-time = { $field }: enter a whole number from 0 to 99.
certif-candidate-not-expected = { $field }: leave it empty with the other details given.
certif-candidate-billing-forbidden = { $field }: a school centre gives no billing mode.
certif-candidate-billing-missing = { $field }: choose the candidate's billing mode.
certif-candidate-prepayment-missing = { $field }: a prepaid candidate has a prepayment code.
certif-candidate-prepayment-forbidden = { $field }: only a prepaid candidate has a prepayment code.
certif-import-title = Import a list of candidates
certif-import-intro = Fill in the template (one candidate per line, semicolon separator) and send it. If a line has an error, no candidate is enrolled and every error is listed.
certif-import-template = Download the template
certif-import-file = CSV file
certif-import-submit = Import
certif-import-refused = No candidate was enrolled
certif-import-done = { $count ->
    [one] { $count } candidate enrolled.
   *[other] { $count } candidates enrolled.
}
certif-import-size = The file is larger than 1 MB.
certif-import-at-line = Line { $line }:
certif-import-at-cell = Line { $line }, column "{ $column }":
certif-import-value = (value "{ $value }")
certif-import-empty = the file holds no candidate.
certif-import-not-utf8 = the file is not UTF-8 (save it as "CSV UTF-8").
certif-import-missing-column = the column "{ $column }" is missing.
certif-import-unknown-column = the column "{ $column }" is not one of the template's.
certif-import-repeated-column = the column "{ $column }" appears twice.
certif-import-forbidden-column = the column "{ $column }" does not apply to a school centre.
certif-import-unreadable = the line cannot be read (unclosed quotes?).
certif-import-too-many = the file has more than 5,000 candidates.
certif-import-columns = the line has more cells than the header.
certif-import-duplicate = same candidate as an earlier line ({ $value }).
certif-import-field = wrong value.
certif-import-too-many-candidates = A session holds at most 5,000 candidates.
certif-import-already-enrolled = Line { $line }: { $name } is already enrolled in the session.

## Certification: the candidate's side
certification-title = Certification
certification-mine = My current sessions
certification-join-title = Join a session
certification-join-intro = Type the session number the centre gave you, then your identity as it appears on your convocation.
certification-join-submit = Join the session
certification-join-no-match = No candidate enrolled in this session matches: check the session number, your first and birth names and your birth date.
certification-join-linked-elsewhere = This enrolment is already linked to another account. Ask the invigilator.
certification-join-closed = This session is finalised: it can no longer be joined.
certification-instructions-title = Before you start
certification-instructions-page = Page
certification-instructions-nav = Instruction pages
certification-instructions-1-title = How the test works
certification-instructions-1 = The test has 32 questions, chosen one after the other from your answers. Answer on your own, without outside help. An answer once given cannot be changed.
certification-instructions-2-title = Time and timed questions
certification-instructions-2 = Some questions are timed: the time left is shown. If you cannot answer, choose "Skip": the question counts as failed.
certification-instructions-extra-time = Your time is lengthened by your adjustment
certification-instructions-3-title = Watched questions and problems
certification-instructions-3 = On some questions, leaving the page (another tab or window) is recorded and the answer counted as failed. If a question does not display properly, use "Report a problem": the invigilator will come to you.
certification-instructions-confirm = I have read these instructions and will follow them.
certification-instructions-submit = Continue
certification-instructions-unchecked = Tick the box to confirm you have read the instructions.
certification-previous = Previous
certification-next = Next
certification-code-title = Access code
certification-code-intro = Type the access code the invigilator gives (4 letters and 2 digits).
certification-code-submit = Check the code
certification-code-wrong = This is not the session's access code.
certification-waiting-title = Waiting for the invigilator
certification-waiting = The invigilator must confirm your presence. This page updates by itself.
certification-waiting-refresh = Refresh
certification-authorised-title = You may start
certification-authorised = The invigilator confirmed your presence. You have 15 minutes to start.
certification-start = Start the test
certification-refused-not-eligible = Your profile does not allow certification yet: it needs level 1 in at least 5 competences.
certification-refused-not-authorised = The invigilator has not confirmed your presence yet.
certification-refused-expired = The authorisation expired: ask the invigilator to renew it.
certification-refused-window = It is too late to start a test in this session.
certification-refused-ended = Your test is over.
certification-ended-title = Test over
certification-ended = Your test is over. You will get the results once the session is finalised.
certification-progress = Question { $number } of { $of }
certification-report = Report a problem
certification-alert-sent = Problem reported: the invigilator will come to you.
certification-alert-pending = Your report went to the invigilator. You can answer once they have handled it.
certification-alert-blocks = A report is open: wait for the invigilator to handle it.
certification-finished-title = Test over
certification-finished = You answered the 32 questions. Thank you! You will get the results once the session is finalised.

## Certification: the invigilator's space
certif-invigilate-title = Invigilation
certif-invigilate-intro = Type the session number and the invigilator password the centre gave you.
certif-invigilate-submit = Open the invigilation
certif-invigilate-wrong = Wrong session number or password.
certif-invigilate-locked = Too many attempts: this session's invigilation is locked for 15 minutes.
certif-board-title = Live invigilation
certif-board-caption = The session's candidates, reported problems first
certif-board-live = Updated live.
certif-board-polling = Updated every 5 seconds.
certif-candidate = Candidate
certif-state = State
certif-started-at = Start
certif-end-at = Expected end
certif-state-not-eligible = Not certifiable
certif-state-not-arrived = Not arrived
certif-state-present = Present, waiting
certif-state-authorised = Authorised to start
certif-state-in-test = In test, question { $question } of { $of }
certif-state-alert = Problem reported, question { $question } of { $of }
certif-state-interrupted = Test interrupted: resume to authorise
certif-state-resume-authorised = Resume authorised
certif-state-finished = Finished
certif-state-ended = Ended by the invigilator
certif-state-ended-finalisation = Ended at finalisation
certif-authorise = Confirm presence
certif-authorised = Presence confirmed: the candidate has 15 minutes to start.
certif-authorise-refused = This candidate cannot be authorised.
certif-end-test = End the test
certif-end-test-message = The candidate will no longer be able to answer. This cannot be undone.
certif-test-ended = Test ended.
certif-test-not-running = This test is not running.
certif-alert-on-question = Problem on question
certif-alert-reason = Reason
certif-alert-validate = Validate
certif-alert-dismiss = Dismiss
certif-alert-validated = Problem validated: the candidate gets another question.
certif-alert-dismissed = Problem dismissed: the candidate answers the same question.
certif-alert-gone = This problem was already handled.
certif-alert-reason-missing = Choose a reason to validate the problem.
certif-alert-reason-image-not-displaying = The image does not display
certif-alert-reason-embed-not-working = The simulator does not work
certif-alert-reason-file-not-opening = The file does not open
certif-alert-reason-website-unavailable = Website unavailable or blocked
certif-alert-reason-software-not-working = The software does not work
certif-alert-reason-extra-time-exceeded = Extra time exceeded
certif-alert-reason-unintentional-focus-out = Left the page unintentionally
certif-alert-reason-accessibility = Accessibility problem
certif-alert-reason-other = Other

## Certificates: the holder's results and the public verification (issue 14)
nav-certificates = My certifications
certificates-title = My certifications
certificates-intro = The results of your certification sessions, once Acquis has published them.
certificates-none = No published result yet. Results come a few days after the session; an email tells you.
certificates-result-of = Session of
certificates-status = Status:
certificates-status-validated = Certification passed
certificates-status-rejected = Certification rejected
certificates-status-cancelled = Certification cancelled
certificates-status-unknown = Result unavailable
certificates-page-title = My certification
certificates-back = Back to my certifications
certificates-not-certified = This result gives no certificate: the test could not be assessed (too few answers). You may enrol in another session.
certificates-holder = Holder
certificates-session-date = Session date
certificates-centre = Certification centre
certificates-published = Result published on
certificates-score = Score
certificates-score-value = { $score } / { $max }
certificates-global-level = Overall level
certificates-level = Level
certificates-no-global-level = Certified without an overall level: the score is below 64, the first band.
certificates-levels-title = Levels by competence
certificates-competence = Competence
certificates-legend-title = What the levels mean
certificates-legend-intro = The eight levels go in pairs: novice, independent, advanced, expert. Level 0 means the competence was not shown during the test.
certificates-level-1 = You carry out basic actions, with someone's help or by following directions.
certificates-level-2 = You carry out basic actions on your own in familiar situations.
certificates-level-3 = You carry out simple actions independently and can work out the steps to follow.
certificates-level-4 = You build your own way of doing simple tasks and now and then help the people around you.
certificates-level-5 = You apply advanced practices in new situations, choosing the approach that fits.
certificates-level-6 = You design your own approach to new situations and pass your know-how on to others.
certificates-level-7 = You innovate and solve complex problems whose solution is not mapped out.
certificates-level-8 = You move the practices of your field forward and inspire those of others.
certificates-share-title = Share my certificate
certificates-share-intro = Give this code or link to anyone who wants to check your certificate, a recruiter for instance: the verification page shows your name, the session, the score and the levels, nothing else.
certificates-code = Verification code
certificates-share-label = Verification link
certificates-copy = Copy the link
certificates-copied = Link copied.
certificates-downloads-title = Download
certificates-pdf-fr = PDF certificate (French)
certificates-pdf-en = PDF certificate (English)
certificates-badge = Digital badge (Open Badges 3.0)
certificates-badge-help = The badge is a digital credential signed by Acquis, to keep in a badge wallet or attach to an application; anyone can verify it without asking us.
verification-link = Check a certificate
verification-title = Check a certificate
verification-intro = Type the verification code printed on the certificate (it starts with P-) to see what it certifies.
verification-code-label = Verification code
verification-code-help = 8 characters after "P-", for instance P-2B7K9MXQ. Upper or lower case, either will do.
verification-submit = Check
verification-found = This certificate was indeed issued by Acquis.
verification-not-found = No certificate matches this code.
verification-another = Check another certificate
certif-not-accredited = This centre is not accredited for the certification: it cannot run sessions. Contact the platform's operator.
