// Maps the application into the credit check.
return new { score = 0 };
