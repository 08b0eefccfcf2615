return ctx.Body;
