//! Views the pages share: none of them is a screen of its own.

mod action_button;
mod assignment_card;
mod feedback;
mod focus;
mod form;
mod listing;
mod nav;
mod task_form;
mod task_row;

pub use action_button::ActionButton;
pub use assignment_card::AssignmentCard;
pub use feedback::{AdminsOnly, Empty, ErrorBox, Loading, StatusBadge};
pub use focus::{focus_first, FocusAfter};
pub use form::{FormError, FormField, FormState, StatusLine, SubmitButton};
pub use listing::{listing, Listing};
pub use nav::Nav;
pub use task_form::{TaskDraft, TaskForm};
pub use task_row::TaskRow;
