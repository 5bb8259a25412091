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
error-terms = You must accept the terms of use to create an account.
error-invalid-email = This email address is not valid (example: name@domain.org).
error-weak-password = The password needs at least 8 characters, with an upper-case letter, a lower-case letter and a digit.
error-email-taken = An account already uses this email address.
error-unexpected = An unexpected error occurred. Try again in a moment.
error-locked = Too many sign-in attempts: your account is locked for a while. Try later or reset your password.
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
card-reset-done = The competence was reset: you can take it again.
card-reset-in = You can reset this competence in { $days ->
        [one] 1 day
       *[other] { $days } days
    }.
card-reset-nothing = Nothing to reset on this competence.
card-results = See my answers

## Challenge
challenge-title = Challenge
challenge-progress = Progress to the next checkpoint
challenge-step = Challenge
challenge-step-done = done
timer-label = Time left:
timer-allowed = time allowed:
timer-expired = time is up: your answer will count as late
focused-notice = Answer without leaving this page: if you switch tab or window, the challenge counts as failed.
challenge-attachments = Files to use
challenge-download = Download
embed-help = The simulator fills in your answer when you act; check it, then confirm.
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
