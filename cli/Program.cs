using R1Omni.Cli;

return CommandRegistry.Main(args, Console.Out, Console.Error);
