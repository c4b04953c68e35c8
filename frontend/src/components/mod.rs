mod action_button;
mod assignment_card;
mod feedback;
mod form;
mod loaded;
mod nav;

pub use action_button::ActionButton;
pub use assignment_card::AssignmentCard;
pub use feedback::{Empty, ErrorBox, Loading, StatusBadge};
pub use form::{FormField, FormState};
pub use loaded::Loaded;
pub use nav::Nav;
